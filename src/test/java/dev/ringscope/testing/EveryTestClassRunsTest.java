package dev.ringscope.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every class under src/test that declares a test is in the run: a test class whose name matches none
 * of surefire's includes (pom.xml) fails the build here, by name, instead of hiding.
 */
class EveryTestClassRunsTest {

    @Test
    void everyClassThatDeclaresATestIsInThisRun() {
        Set<String> planned = SuiteInventory.plannedClasses();
        assertNotNull(planned, "SuiteInventory is not registered (src/test/resources/META-INF/services)");
        String filter = System.getProperty("ringscope.test.filter", "");
        Assumptions.assumeTrue(filter.isBlank() || filter.startsWith("${"),
                () -> "a run of chosen tests only (-Dtest=" + filter + ")");
        Set<String> declared = SuiteInventory.classesWithTests(SuiteInventory.testClassesDirectory());
        assertTrue(declared.size() > 50, "the scan found the suite: " + declared);
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(planned);
        assertTrue(missing.isEmpty(), () -> "these classes declare tests but surefire did not run them"
                + " (rename them to *Test or *Properties, or add their pattern to the surefire <includes> in pom.xml): "
                + missing);
    }

    @Test
    void theScanSeesEveryKindOfTest() throws ClassNotFoundException {
        assertTrue(declaresTests("dev.ringscope.isa.RoundTripProperties"), "jqwik @Property");
        assertTrue(declaresTests("dev.ringscope.arch.ArchitectureTest"), "ArchUnit @ArchTest fields");
        assertTrue(declaresTests("dev.ringscope.asm.ExprTest"), "@Test and @ParameterizedTest");
        assertTrue(declaresTests("dev.ringscope.trace.TraceCodecTest"), "jqwik @Example");
        assertFalse(declaresTests("dev.ringscope.testing.Nasm"), "a helper");
        assertFalse(declaresTests("dev.ringscope.trace.TraceBenchmark"), "a JMH benchmark");
    }

    private static boolean declaresTests(String name) throws ClassNotFoundException {
        return SuiteInventory.declaresTests(Class.forName(name, false, EveryTestClassRunsTest.class.getClassLoader()));
    }
}
