package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where each VM exit goes under each host (docs/hypervisor-types.md): the crossings between a VM
 * exit and the VM entry that follows it, as the model states them, and costs in the order the
 * cited measurements give them.
 */
class HostHopsTest {

    private static final String HELLO = "samples/user/hello.asm";

    /** One crossing, as from → to by cause. */
    private record Hop(Party from, Party to, Cause cause) {
        static Hop of(Event.RingTransition t) {
            return new Hop(t.from(), t.to(), t.cause());
        }

        @Override
        public String toString() {
            return from + "->" + to + " " + cause;
        }
    }

    private static Runs run(HostType host, Technique t, CostModel cost) throws Exception {
        return Runs.traced(HELLO, RunSetup.of(t, false, cost).withHost(host));
    }

    private static final int CONSOLE = -2;

    /**
     * The crossings from each VM exit of {@code reason} to its VM entry: for I/O, writes to
     * {@code port} ({@link #CONSOLE}: to a console data port, 0x3F8 or 0xE9), or any access for -1.
     */
    private static List<List<Hop>> roundTrips(Runs r, int reason, int port) {
        List<List<Hop>> trips = new ArrayList<>();
        List<Hop> current = null;
        for (long i = 0; i < r.trace.size(); i++) {
            Event e = r.trace.get(i);
            if (e instanceof Event.VmExit x) {
                int exitPort = (int) (x.qualification() >>> 16);
                boolean write = (x.qualification() & 8) == 0;
                boolean wanted = x.reason() == reason && (port == -1
                        || write && (port == CONSOLE ? Host.consoleData(exitPort) : exitPort == port));
                current = wanted ? new ArrayList<>() : null;
            } else if (current != null && e instanceof Event.RingTransition t) {
                current.add(Hop.of(t));
                if (t.cause() == Cause.VM_ENTRY || t.cause() == Cause.INTERRUPT || t.cause() == Cause.EXCEPTION) {
                    trips.add(current);
                    current = null;
                }
            }
        }
        return trips;
    }

    private static final Hop WRITE = new Hop(Party.VMM_PROCESS, Party.HOST_KERNEL, Cause.HOST_SYSCALL);
    private static final Hop WRITTEN = new Hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.RETURN);
    private static final Hop RUN_AGAIN = new Hop(Party.VMM_PROCESS, Party.HOST_KERNEL, Cause.HOST_SYSCALL);

    @Test
    void underKvmAConsoleWriteGoesToTheVmmProcessWhichWritesItThroughTheHostKernel() throws Exception {
        Runs r = run(HostType.KVM, Technique.HARDWARE_ASSISTED, CostModel.MODERN);
        List<List<Hop>> trips = roundTrips(r, ExitReason.IO_INSTRUCTION, CONSOLE);
        assertFalse(trips.isEmpty(), "hello.asm writes its console");
        List<Hop> expected = List.of(
                new Hop(Party.GUEST_KERNEL, Party.HOST_KERNEL, Cause.VM_EXIT),
                new Hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.EXIT_TO_USER),
                WRITE, WRITTEN, RUN_AGAIN,
                new Hop(Party.HOST_KERNEL, Party.GUEST_KERNEL, Cause.VM_ENTRY));
        for (List<Hop> trip : trips) {
            assertEquals(expected, trip);
        }
        assertEquals(Party.HOST_KERNEL, r.machine.rings().at(-1), "KVM takes the exits in root ring 0");
    }

    @Test
    void underType2AConsoleWriteTakesAWorldSwitchToTheHostAndBack() throws Exception {
        Runs r = run(HostType.TYPE2, Technique.HARDWARE_ASSISTED, CostModel.P4_2006);
        List<List<Hop>> trips = roundTrips(r, ExitReason.IO_INSTRUCTION, CONSOLE);
        assertFalse(trips.isEmpty());
        List<Hop> expected = List.of(
                new Hop(Party.GUEST_KERNEL, Party.VMM, Cause.VM_EXIT),
                new Hop(Party.VMM, Party.HOST_KERNEL, Cause.WORLD_SWITCH),
                new Hop(Party.HOST_KERNEL, Party.VMM_PROCESS, Cause.EXIT_TO_USER),
                WRITE, WRITTEN, RUN_AGAIN,
                new Hop(Party.HOST_KERNEL, Party.VMM, Cause.WORLD_SWITCH),
                new Hop(Party.VMM, Party.GUEST_KERNEL, Cause.VM_ENTRY));
        for (List<Hop> trip : trips) {
            assertEquals(expected, trip);
        }
    }

    @Test
    void onBareMetalTheVmmHandlesTheWriteItself() throws Exception {
        Runs r = run(HostType.TYPE1, Technique.HARDWARE_ASSISTED, CostModel.P4_2006);
        assertFalse(roundTrips(r, ExitReason.IO_INSTRUCTION, CONSOLE).isEmpty());
        for (List<Hop> trip : roundTrips(r, ExitReason.IO_INSTRUCTION, -1)) {
            assertEquals(List.of(new Hop(Party.GUEST_KERNEL, Party.VMM, Cause.VM_EXIT),
                    new Hop(Party.VMM, Party.GUEST_KERNEL, Cause.VM_ENTRY)), trip);
        }
    }

    /** Control-register, MSR, exception exits: handled where they land (KVM in the kernel), no VMM process. */
    @ParameterizedTest
    @EnumSource(value = HostType.class, names = {"TYPE2", "KVM"})
    void exitsOtherThanDeviceIoStayWhereTheyLand(HostType host) throws Exception {
        Runs r = run(host, Technique.HARDWARE_ASSISTED, CostModel.P4_2006);
        int checked = 0;
        for (int reason : List.of(ExitReason.CR_ACCESS, ExitReason.WRMSR, ExitReason.EXCEPTION_OR_NMI, ExitReason.HLT)) {
            for (List<Hop> trip : roundTrips(r, reason, -1)) {
                assertTrue(trip.stream().noneMatch(h -> h.to() == Party.VMM_PROCESS), reason + " on " + host + ": " + trip);
                assertEquals(host.model(CostModel.P4_2006).exitParty(), trip.get(0).to());
                checked++;
            }
        }
        assertTrue(checked > 0, "hello.asm under the 2006 preset has CR-access and exception exits");
    }

    @Test
    void hostedBinaryTranslationWritesThroughTheHostWorld() throws Exception {
        Runs r = run(HostType.TYPE2, Technique.BINARY_TRANSLATION, CostModel.P4_2006);
        List<Hop> hops = r.events(Event.RingTransition.class).stream()
                .filter(t -> t.from().hostSide() && t.to().hostSide()).map(Hop::of).toList();
        assertFalse(hops.isEmpty());
        assertEquals(new Hop(Party.VMM, Party.HOST_KERNEL, Cause.WORLD_SWITCH), hops.get(0));
        assertTrue(hops.contains(WRITE));
        // no VMX: the host world's rings are its own, 0 for its kernel and 3 for the VMM process
        for (Event.RingTransition t : r.events(Event.RingTransition.class)) {
            if (t.to() == Party.VMM_PROCESS) {
                assertEquals(3, t.toRing());
            }
        }
    }

    /**
     * The order the cited measurements give (docs/hypervisor-types.md §Costs): for a guest that writes
     * its console, KVM costs more than bare metal (the exit to the VMM process and its system calls)
     * and hosted costs more than KVM (two world switches on top of the same trip), in both presets.
     * The difference from bare metal is exactly the hops the model states, per exit to user space.
     */
    @ParameterizedTest
    @EnumSource(value = Preset.class)
    void costsAreOrderedAsTheMeasurementsSay(Preset preset) throws Exception {
        CostModel cost = preset.cost;
        Runs type1 = run(HostType.TYPE1, Technique.HARDWARE_ASSISTED, cost);
        Runs kvm = run(HostType.KVM, Technique.HARDWARE_ASSISTED, cost);
        Runs type2 = run(HostType.TYPE2, Technique.HARDWARE_ASSISTED, cost);
        long c1 = type1.machine.cycles();
        long ck = kvm.machine.cycles();
        long c2 = type2.machine.cycles();
        assertTrue(c1 < ck && ck < c2, "type1 " + c1 + " < kvm " + ck + " < type2 " + c2);

        HostCosts h = cost.host();
        long toUser = kvm.events(Event.RingTransition.class).stream().filter(t -> t.cause() == Cause.EXIT_TO_USER).count();
        long writes = kvm.events(Event.RingTransition.class).stream()
                .filter(t -> t.cause() == Cause.HOST_SYSCALL && t.label().startsWith("write")).count();
        assertEquals(type1.events(Event.ConsoleOutput.class).size(), writes, "one host write per console write");
        long perTrip = 2L * h.userCrossing() + h.userDeviceModel() - cost.deviceEmulation();
        long perWrite = 2L * h.userCrossing() + h.hostWrite();
        assertEquals(c1 + toUser * perTrip + writes * perWrite, ck, "KVM: bare metal plus the hops the model states");
        assertEquals(ck + toUser * 2L * h.worldSwitch(), c2, "hosted: KVM's trip plus a world switch each way");
    }

    enum Preset {
        P2006(CostModel.P4_2006), MODERN(CostModel.MODERN);

        final CostModel cost;

        Preset(CostModel cost) {
            this.cost = cost;
        }
    }

    @Test
    void refusedCombinationsSayWhichAndWhy() {
        assertTrue(HostType.KVM.allows(Technique.HARDWARE_ASSISTED));
        assertTrue(HostType.TYPE2.allows(Technique.BINARY_TRANSLATION));
        for (Technique t : Technique.values()) {
            assertTrue(HostType.TYPE1.allows(t));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSetup.of(Technique.PARAVIRTUAL, false, CostModel.MODERN).withHost(HostType.KVM));
        assertTrue(e.getMessage().startsWith("paravirtual under kvm: "), e.getMessage());
        assertTrue(e.getMessage().contains("Xen"), e.getMessage());
        for (Technique t : List.of(Technique.TRAP_EMULATE, Technique.PARAVIRTUAL, Technique.NATIVE)) {
            assertFalse(HostType.TYPE2.allows(t), t.id());
            assertFalse(HostType.KVM.allows(t), t.id());
        }
        assertFalse(HostType.KVM.allows(Technique.BINARY_TRANSLATION));
    }
}
