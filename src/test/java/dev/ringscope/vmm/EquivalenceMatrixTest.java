package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.GuestImages;
import dev.ringscope.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Popek and Goldberg's equivalence, checked for every sample under every technique on both
 * instruction-set rules: the guest sees what it sees natively. The only exceptions are trap and
 * emulate on the real x86 rules, and they must be reported as holes.
 */
class EquivalenceMatrixTest {

    private static final long LIMIT = 5_000_000;
    private static final Map<String, GuestRun> NATIVE = new ConcurrentHashMap<>();

    static Stream<Arguments> matrix() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (Path p : Samples.programs().toList()) {
            for (Technique t : Technique.values()) {
                if (t != Technique.NATIVE) {
                    cases.add(Arguments.of(p, t, false));
                    cases.add(Arguments.of(p, t, true));
                }
            }
        }
        return cases.stream();
    }

    static GuestRun run(Path program, Technique t, boolean strict) throws Exception {
        return Comparison.runOne(GuestImages.of(program, t), t, CostModel.P4_2006, strict,
                VmcsControls.forPreset(CostModel.P4_2006), LIMIT);
    }

    static GuestRun nativeRun(Path program, boolean strict) {
        return NATIVE.computeIfAbsent(program + (strict ? "#strict" : ""), k -> {
            try {
                return run(program, Technique.NATIVE, strict);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0} under {1}, strict ISA {2}")
    @MethodSource("matrix")
    void theGuestSeesWhatItSeesNatively(Path program, Technique technique, boolean strict) throws Exception {
        GuestRun expected = nativeRun(program, strict);
        GuestRun actual = run(program, technique, strict);
        assertTrue(expected.stop().label().equals("exit"), program + " must finish natively: " + expected.message());
        if (!strict && !sameAsNative(technique, actual, expected)) {
            // on the x86 rules a sensitive instruction that does not trap may show the guest something else:
            // in its kernel under trap and emulate, in user code (sgdt, sidt: the VMM's tables) under any
            // software VMM. Never silently.
            assertTrue(technique != Technique.HARDWARE_ASSISTED, program + " diverged under VT-x");
            assertTrue(actual.stats().holes() > 0, program + " diverged under " + technique + " without a reported hole:\n"
                    + actual.console());
            return;
        }
        if (technique == Technique.PARAVIRTUAL) {
            // a different kernel binary (hypercalls instead of instructions): the same output, not the same steps
            assertEquals(expected.console(), actual.console());
            assertEquals(expected.stop(), actual.stop());
            assertEquals(expected.exitValue(), actual.exitValue());
            return;
        }
        if (technique == Technique.BINARY_TRANSLATION || technique == Technique.HARDWARE_ASSISTED || strict) {
            assertEquals(expected.console(), actual.console());
            assertEquals(expected.stop(), actual.stop());
            assertEquals(expected.exitValue(), actual.exitValue());
            assertEquals(expected.instructions(), actual.instructions(), "guest instructions retired");
            assertEquals(List.of(boxed(expected.registers())), List.of(boxed(actual.registers())), "registers at the end");
        }
        if (technique == Technique.TRAP_EMULATE && strict) {
            assertEquals(0, actual.stats().holes(), "with every sensitive instruction trapping there is no hole");
        }
    }

    private static boolean sameAsNative(Technique t, GuestRun actual, GuestRun expected) {
        return t == Technique.PARAVIRTUAL ? actual.sameOutputAs(expected) : actual.sameGuestStateAs(expected);
    }

    private static Integer[] boxed(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }
}
