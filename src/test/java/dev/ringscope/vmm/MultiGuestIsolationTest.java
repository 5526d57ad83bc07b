package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.HostMemory;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.Expectations;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.StopReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile guest beside a victim, under every technique with a VMM: neither can read or change the
 * other's memory. Each guest ends with the same console, stop and memory bytes as when it runs alone,
 * and every host frame that changes during a guest's slice is one of that guest's own.
 */
class MultiGuestIsolationTest {

    private static final Path VICTIM = Path.of("samples/guests/victim.asm");
    private static final Path HOSTILE_MEMORY = Path.of("samples/guests/hostile_memory.asm");
    private static final Path HOSTILE = Path.of("samples/guests/hostile.asm");
    private static final long MAX = 5_000_000;

    /** Every technique but native, hardware assist with shadow paging (2006) and with EPT (modern). */
    static Stream<Arguments> setups() {
        List<Arguments> all = new ArrayList<>();
        List<RunSetup> setups = List.of(
                RunSetup.of(Technique.TRAP_EMULATE, false, CostModel.P4_2006),
                RunSetup.of(Technique.BINARY_TRANSLATION, false, CostModel.P4_2006),
                RunSetup.of(Technique.PARAVIRTUAL, false, CostModel.P4_2006),
                RunSetup.of(Technique.HARDWARE_ASSISTED, false, CostModel.P4_2006),
                RunSetup.of(Technique.HARDWARE_ASSISTED, false, CostModel.MODERN));
        for (RunSetup s : setups) {
            all.add(Arguments.of(s, List.of(HOSTILE_MEMORY, VICTIM), 50_000));
            all.add(Arguments.of(s, List.of(VICTIM, HOSTILE_MEMORY), 50_000));
            all.add(Arguments.of(s, List.of(HOSTILE, VICTIM), 500)); // hostile.asm is done in 1,600 instructions
        }
        return all.stream();
    }

    /** A mini-OS program built into the mini OS (PARAVIRT for paravirtual), a bare kernel assembled as it is. */
    static byte[] image(Path program, Technique t) throws Exception {
        if (MiniOs.isUserProgram(program)) {
            return GuestImages.of(program, t);
        }
        Assembler assembler = new Assembler();
        t.guestDefines(java.util.Map.of()).forEach((k, v) -> assembler.define(k, v == null ? "" : v));
        return assembler.assembleFile(program).bytes();
    }

    @org.junit.jupiter.api.Test
    void theSampleGuestsPrintTheirExpectationsNativelyAlone() throws Exception {
        RunSetup nat = RunSetup.of(Technique.NATIVE, false, CostModel.P4_2006);
        for (Path p : List.of(VICTIM, HOSTILE_MEMORY)) {
            assertEquals(Expectations.of(p), alone(nat, p).console(), p.toString());
        }
    }

    private record Alone(String console, StopReason stop, int exitValue, long instructions, byte[] memory) {
    }

    private static Alone alone(RunSetup setup, Path program) throws Exception {
        Machine m = VirtualMachine.create(setup.technique(), setup.host(), setup.cost(), MachineOptions.defaults(),
                setup.controls());
        m.boot(image(program, setup.technique()));
        m.run(MAX);
        return new Alone(m.console(), m.result().reason(), m.result().exitValue(), m.instructions(),
                m.memory().contents());
    }

    @ParameterizedTest(name = "{0}: {1}, slice {2}")
    @MethodSource("setups")
    void noGuestReachesAnotherGuestsMemory(RunSetup setup, List<Path> programs, int slice) throws Exception {
        MultiGuestRun run = new MultiGuestRun(setup, MachineOptions.defaults(), slice, programs.size());
        for (Path p : programs) {
            run.addGuest(p.getFileName().toString(), image(p, setup.technique()));
        }
        HostMemory host = run.hostMemory();
        int slices = 0;
        byte[] before = host.copy();
        boolean othersLive = true;
        while (othersLive && run.runSlice(MAX)) {
            slices++;
            onlyOwnFramesChanged(host, before, run.current().number(), "in its slice " + slices);
            before = host.copy();
            othersLive = run.guests().stream().filter(g -> !g.machine().stopped()).count() > 1;
        }
        run.run(MAX);
        // once one guest is left, it alone ran: what changed since is its
        onlyOwnFramesChanged(host, before, run.current().number(), "running alone at the end");
        assertTrue(run.switches() > 3, "the guests took turns: " + run.switches() + " switches");

        for (MultiGuestRun.Guest g : run.guests()) {
            Alone a = alone(setup, programs.get(g.number() - 1));
            Machine m = g.machine();
            assertEquals(a.console(), m.console(), g.name() + " prints what it prints alone");
            assertEquals(a.stop(), m.result().reason(), g.name() + ": " + m.result().message());
            assertEquals(a.exitValue(), m.result().exitValue(), g.name());
            assertEquals(a.instructions(), m.instructions(), g.name());
            assertArrayEquals(a.memory(), host.bytesOf(g.frames()), g.name() + "'s memory, byte for byte");
        }
        for (int f = run.guests().size() * (MachineOptions.DEFAULT_MEMORY >> 12); f < host.frames(); f++) {
            assertEquals(0, host.owner(f));
            assertArrayEquals(new byte[4096], host.frame(f), "no guest owns host frame 0x" + Integer.toHexString(f));
        }
        // and the victim itself says so, as it would alone
        MultiGuestRun.Guest victim = run.guests().get(programs.indexOf(VICTIM));
        assertEquals(Expectations.of(VICTIM), victim.machine().console());
        if (programs.contains(HOSTILE_MEMORY)) {
            MultiGuestRun.Guest hostile = run.guests().get(programs.indexOf(HOSTILE_MEMORY));
            assertEquals(Expectations.of(HOSTILE_MEMORY), hostile.machine().console());
            assertEquals(StopReason.SHUTDOWN, hostile.machine().result().reason(),
                    "its own triple fault shut down the hostile guest alone");
        }
        assertEquals(StopReason.EXIT, victim.machine().result().reason());
        assertEquals(0, victim.machine().result().exitValue());
    }

    private static void onlyOwnFramesChanged(HostMemory host, byte[] before, int running, String when) {
        for (int frame : host.framesChangedSince(before)) {
            assertEquals(running, host.owner(frame), "VM " + running + " changed host frame 0x"
                    + Integer.toHexString(frame) + " " + when);
        }
    }
}
