package dev.ringscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** DESIGN.md: the core never sees JavaFX, and arrows point down only. */
@AnalyzeClasses(packages = "dev.ringscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {"dev.ringscope.isa..", "dev.ringscope.asm..", "dev.ringscope.machine..",
            "dev.ringscope.vmm..", "dev.ringscope.trace..", "dev.ringscope.replay..", "dev.ringscope.lesson.."};

    @ArchTest
    static final ArchRule coreNeverImportsJavaFx = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule coreNeverReachesUp = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.ui..", "dev.ringscope.cli..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule theMachineDoesNotKnowItsMonitors = noClasses().that().resideInAPackage("dev.ringscope.machine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.vmm..", "dev.ringscope.replay..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule isaStandsAlone = noClasses().that().resideInAPackage("dev.ringscope.isa..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ringscope.asm..", "dev.ringscope.machine..",
                    "dev.ringscope.vmm..", "dev.ringscope.trace..", "dev.ringscope.replay..")
            .allowEmptyShould(true);
}
