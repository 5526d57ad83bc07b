package dev.ringscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/**
 * DESIGN.md: the core never sees JavaFX, and arrows point down only. Each rule is checked package by
 * package and must match classes there (ArchUnit fails a rule that matches none), so a renamed or
 * emptied package fails here instead of passing unchecked.
 */
@AnalyzeClasses(packages = "dev.ringscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The core packages that exist now: every rule about the core must find classes in each of them. */
    private static final List<String> CORE = List.of("dev.ringscope.isa", "dev.ringscope.asm", "dev.ringscope.machine",
            "dev.ringscope.vmm", "dev.ringscope.trace", "dev.ringscope.replay", "dev.ringscope.lesson",
            "dev.ringscope.elf");

    /**
     * DESIGN.md's core packages still to come (guided lessons): their rules apply from the day the package
     * has a class; until then they are the only rules allowed to match nothing. Move a package to CORE
     * when it lands.
     */
    private static final List<String> CORE_TO_COME = List.of();

    @ArchTest
    static void coreNeverImportsJavaFx(JavaClasses classes) {
        everyCorePackage(classes, pkg -> noClasses().that().resideInAPackage(pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx.."));
    }

    @ArchTest
    static void coreNeverReachesUp(JavaClasses classes) {
        everyCorePackage(classes, pkg -> noClasses().that().resideInAPackage(pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.ui..", "dev.ringscope.cli.."));
    }

    @ArchTest
    static final ArchRule theMachineDoesNotKnowItsMonitors = noClasses().that().resideInAPackage("dev.ringscope.machine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.vmm..", "dev.ringscope.replay..");

    @ArchTest
    static final ArchRule isaStandsAlone = noClasses().that().resideInAPackage("dev.ringscope.isa..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.asm..", "dev.ringscope.machine..",
                    "dev.ringscope.vmm..", "dev.ringscope.trace..", "dev.ringscope.replay..");

    /** The packages the core must not reach exist: were one renamed, coreNeverReachesUp would check nothing. */
    @ArchTest
    static void theLayersAboveTheCoreExist(JavaClasses classes) {
        for (String pkg : List.of("dev.ringscope.ui", "dev.ringscope.cli")) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals(pkg)), pkg + " has no classes");
        }
    }

    private static void everyCorePackage(JavaClasses classes, Function<String, ArchRule> rule) {
        List<Executable> checks = new ArrayList<>();
        for (String pkg : CORE) {
            checks.add(() -> rule.apply(pkg).check(classes)); // fails if pkg has no classes
        }
        for (String pkg : CORE_TO_COME) {
            checks.add(() -> rule.apply(pkg).allowEmptyShould(true).check(classes));
        }
        assertAll(checks);
    }
}
