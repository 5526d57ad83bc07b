package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.isa.Classification;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.testing.Samples;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
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

    /** Every sample under every technique a host other than type 1 runs (HostType#refusal says which). */
    static Stream<Arguments> hostMatrix() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (Path p : Samples.programs().toList()) {
            for (Technique t : Technique.values()) {
                for (HostType h : HostType.values()) {
                    if (t != Technique.NATIVE && h != HostType.TYPE1 && h.allows(t)) {
                        cases.add(Arguments.of(p, t, h));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Where a VM exit goes changes what it costs, never what the guest sees: under a hosted or KVM
     * host the guest's console, stop, exit value, instructions and registers are those of the same
     * technique on bare metal, and its console is native's wherever bare metal's is.
     */
    @ParameterizedTest(name = "{0} under {1} on {2}")
    @MethodSource("hostMatrix")
    void theHostChangesNothingTheGuestSees(Path program, Technique technique, HostType host) throws Exception {
        GuestRun bare = run(program, technique, false);
        GuestRun hosted = Comparison.runOne(GuestImages.of(program, technique),
                RunSetup.of(technique, false, CostModel.P4_2006).withHost(host), LIMIT);
        assertEquals(host, hosted.host());
        assertEquals(bare.console(), hosted.console(), program + " on " + host);
        assertTrue(hosted.sameGuestStateAs(bare), program + " under " + technique + " on " + host + ": "
                + hosted.stop().label() + " after " + hosted.instructions() + ", bare metal " + bare.instructions());
        GuestRun expected = nativeRun(program, false);
        if (bare.sameOutputAs(expected)) {
            assertEquals(expected.console(), hosted.console(), "console output equals native's");
        }
        assertTrue(hosted.cycles() >= bare.cycles(), "the host's hops only add cycles");
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
            assertTheHolesExplainTheDivergence(program, technique, expected, actual);
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

    /** A reported hole, with how much the guest had printed when it happened. */
    private record Hole(Event.VirtualizationHole event, int printedBefore) {
    }

    /**
     * A divergence is accounted for when: every hole counted is reported as an event; the first one comes
     * before the guest prints anything native does not (so the divergence starts at or after it); each is
     * one of the x86's sensitive-but-unprivileged instructions, behaving otherwise than natively; and with
     * exactly those instructions made to trap (strict ISA) the same technique shows the guest what native does.
     */
    private static void assertTheHolesExplainTheDivergence(Path program, Technique technique, GuestRun expected,
                                                           GuestRun actual) throws Exception {
        String what = program + " under " + technique;
        Machine m = VirtualMachine.create(technique, CostModel.P4_2006, MachineOptions.defaults(),
                VmcsControls.forPreset(CostModel.P4_2006));
        Trace trace = new Trace();
        m.setEventSink(trace);
        m.boot(GuestImages.of(program, technique));
        m.run(LIMIT);
        m.finishTrace();
        StringBuilder printed = new StringBuilder();
        List<Hole> holes = new ArrayList<>();
        for (long i = 0; i < trace.size(); i++) {
            Event e = trace.get(i);
            if (e instanceof Event.ConsoleOutput c) {
                printed.append(c.text());
            } else if (e instanceof Event.VirtualizationHole h) {
                holes.add(new Hole(h, printed.length()));
            }
        }
        assertEquals(actual.console(), printed.toString(), what + ": the traced run is the same run");
        assertEquals(actual.stats().holes(), holes.size(), what + ": every hole counted is reported as an event");
        assertFalse(holes.isEmpty(), what + " diverged without a reported hole:\n" + actual.console());

        int agreed = commonPrefix(expected.console(), actual.console());
        assertTrue(holes.get(0).printedBefore() <= agreed, what + ": the guest printed something native does not ("
                + agreed + " characters agree) before the first hole (after " + holes.get(0).printedBefore() + ")");
        Set<String> holeInstructions = Classification.holes().stream().map(r -> r.mnemonic().split(" ")[0])
                .collect(Collectors.toSet());
        for (Hole h : holes) {
            String mnemonic = h.event().instruction().split(" ")[0];
            assertTrue(holeInstructions.contains(mnemonic), what + ": " + mnemonic + " is not sensitive-but-unprivileged"
                    + " (Classification.holes(): " + holeInstructions + ")");
            assertNotEquals(h.event().nativeBehaviour(), h.event().actualBehaviour(), what + ": " + h.event());
        }

        GuestRun strictRun = run(program, technique, true);
        assertTrue(sameAsNative(technique, strictRun, nativeRun(program, true)),
                what + ": with the sensitive instructions trapping (strict ISA) it still departs from native:\n"
                        + strictRun.console());
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
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
