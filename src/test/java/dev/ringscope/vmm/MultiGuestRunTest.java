package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Events;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One VMM, several guests: the switches on the stream, the host's clock, determinism, the refusals. */
class MultiGuestRunTest {

    private static final List<Path> GUESTS = List.of(Path.of("samples/user/syscall_loop.asm"),
            Path.of("samples/user/preempt.asm"));
    private static final long MAX = 5_000_000;

    private static MultiGuestRun run(RunSetup setup, int slice, Trace trace) throws Exception {
        MultiGuestRun run = new MultiGuestRun(setup, MachineOptions.defaults(), slice, GUESTS.size());
        for (Path p : GUESTS) {
            run.addGuest(p.getFileName().toString(), GuestImages.of(p, setup.technique()));
        }
        if (trace != null) {
            run.setEventSink(trace);
        }
        run.run(MAX);
        return run;
    }

    private static Machine alone(RunSetup setup, Path program) throws Exception {
        Machine m = VirtualMachine.create(setup.technique(), setup.host(), setup.cost(), MachineOptions.defaults(),
                setup.controls());
        m.boot(GuestImages.of(program, setup.technique()));
        m.run(MAX);
        return m;
    }

    private static RunSetup setup(Technique t) {
        return RunSetup.of(t, false, CostModel.P4_2006);
    }

    @ParameterizedTest
    @EnumSource(value = Technique.class, names = "NATIVE", mode = EnumSource.Mode.EXCLUDE)
    void eachSwitchIsAnEventAndEachGuestsEventsFollowItsSwitch(Technique t) throws Exception {
        Trace trace = new Trace();
        MultiGuestRun run = run(setup(t), 3_000, trace);

        List<Event.VmSwitch> switches = new ArrayList<>();
        StringBuilder[] consoles = {new StringBuilder(), new StringBuilder()};
        int[] runEnded = new int[2];
        int on = 0;
        long lastCycle = 0;
        Event previous = null;
        for (Event e : trace) {
            if (previous instanceof Event.VmSwitch) {
                assertTrue(e instanceof Event.RegisterWrite, "a switch repeats the next guest's registers: " + e);
            }
            previous = e;
            assertTrue(e.cycle() >= lastCycle, "the host's clock never goes back: " + e);
            lastCycle = e.cycle();
            if (e instanceof Event.VmSwitch s) {
                assertEquals(on, s.fromVm(), "a switch leaves the guest that ran");
                on = s.toVm();
                switches.add(s);
            } else if (e instanceof Event.ConsoleOutput c) {
                consoles[on - 1].append(c.text());
            } else if (e instanceof Event.RunEnded) {
                runEnded[on - 1]++;
            }
        }
        assertEquals(run.switches(), switches.size());
        assertTrue(switches.size() > 4, "both guests are long enough for several slices: " + switches.size());
        Event.VmSwitch start = switches.get(0);
        assertEquals(List.of(0L, 0, 1, "start"), List.of(start.seq(), start.fromVm(), start.toVm(), start.reason()));
        assertTrue(start.state().startsWith("vmptrld VM 1's VMCS") || start.state().startsWith("VM 1's v"), start.state());
        assertTrue(switches.stream().skip(1).allMatch(s -> s.fromVm() != s.toVm()));
        assertTrue(switches.stream().anyMatch(s -> s.reason().equals("timer slice")));
        for (MultiGuestRun.Guest g : run.guests()) {
            assertEquals(g.machine().console(), consoles[g.number() - 1].toString(),
                    "console events after a switch to VM " + g.number() + " are its own");
            assertEquals(1, runEnded[g.number() - 1], "VM " + g.number() + " ends once");
            assertEquals(switches.stream().filter(s -> s.toVm() == g.number()).count(), g.switchesIn());
        }
        String state = switches.get(1).state();
        switch (t) {
            case HARDWARE_ASSISTED -> assertTrue(state.startsWith("VM exit on the VMM's timer; VM 1's state in its VMCS; "
                    + "vmptrld VM 2's VMCS"), state);
            case PARAVIRTUAL -> assertTrue(state.contains("its own page directory"), state);
            default -> assertTrue(state.contains("shadow page directory"), state);
        }
    }

    @Test
    void theHostsClockIsEveryGuestsCyclesPlusTheSwitches() throws Exception {
        MultiGuestRun run = run(setup(Technique.HARDWARE_ASSISTED), 3_000, null);
        long guests = run.guests().stream().mapToLong(g -> g.machine().cycles()).sum();
        assertTrue(run.switches() > 4);
        assertEquals(guests + run.switches() * run.switchCost(), run.cycles());
        CostModel c = CostModel.P4_2006;
        assertEquals(c.vmTransition() + c.exitHandling(), run.switchCost(), "an exit and an entry, and the dispatch");
        assertEquals(c.trap() + c.exitHandling(), run(setup(Technique.TRAP_EMULATE), 3_000, null).switchCost());
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 7_777, 1_000_000})
    void eachGuestRunsExactlyAsAloneWhateverTheSlice(int slice) throws Exception {
        RunSetup setup = setup(Technique.BINARY_TRANSLATION);
        MultiGuestRun run = run(setup, slice, null);
        for (MultiGuestRun.Guest g : run.guests()) {
            Machine a = alone(setup, GUESTS.get(g.number() - 1));
            Machine m = g.machine();
            assertEquals(a.console(), m.console());
            assertEquals(a.result(), m.result(), "stop, exit value, instructions and the guest's own cycles");
            assertEquals(a.cpu().eip, m.cpu().eip);
        }
    }

    @Test
    void theSameGuestsGiveTheSameStreamEveryTime() throws Exception {
        Trace first = new Trace();
        Trace second = new Trace();
        run(setup(Technique.PARAVIRTUAL), 2_500, first);
        run(setup(Technique.PARAVIRTUAL), 2_500, second);
        assertEquals(first.size(), second.size());
        for (long i = 0; i < first.size(); i++) {
            assertTrue(Events.equal(first.get(i), second.get(i)), "event " + i);
        }
    }

    @Test
    void everyGuestHasItsOwnVirtualCpuVmcsAndFrames() throws Exception {
        MultiGuestRun run = run(setup(Technique.HARDWARE_ASSISTED), 3_000, null);
        MultiGuestRun.Guest one = run.guests().get(0);
        MultiGuestRun.Guest two = run.guests().get(1);
        assertNotSame(one.machine().cpu(), two.machine().cpu());
        assertNotSame(((HardwareAssisted) one.vmm()).vmcs(), ((HardwareAssisted) two.vmm()).vmcs());
        assertEquals(0, one.frames().firstFrame());
        assertEquals(one.frames().frames(), two.frames().firstFrame(), "the second guest's frames follow the first's");
        assertEquals(MachineOptions.DEFAULT_MEMORY >> 12, two.frames().frames());
        assertEquals(two.frames().firstByte(), two.machine().memory().hostBase());
    }

    @Test
    void refusesWhatHasNoVmmOrIsNotModelled() {
        MachineOptions o = MachineOptions.defaults();
        String nativeWhy = assertThrows(IllegalArgumentException.class,
                () -> new MultiGuestRun(setup(Technique.NATIVE), o, 1000, 2)).getMessage();
        assertTrue(nativeWhy.contains("need a VMM"), nativeWhy);
        RunSetup kvm = setup(Technique.HARDWARE_ASSISTED).withHost(HostType.KVM);
        String kvmWhy = assertThrows(IllegalArgumentException.class, () -> new MultiGuestRun(kvm, o, 1000, 2))
                .getMessage();
        assertTrue(kvmWhy.contains("type 1"), kvmWhy);
        assertThrows(IllegalArgumentException.class,
                () -> new MultiGuestRun(setup(Technique.TRAP_EMULATE), o, 0, 2));
    }
}
