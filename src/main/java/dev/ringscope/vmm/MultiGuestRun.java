package dev.ringscope.vmm;

import dev.ringscope.machine.BootException;
import dev.ringscope.machine.HostMemory;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventSink;
import dev.ringscope.trace.Events;
import java.util.ArrayList;
import java.util.List;

/**
 * One VMM running several guests on one CPU (docs/multiple-guests.md). The VMM owns the host's RAM
 * and gives each guest a disjoint run of host frames as its physical memory; each guest has its own
 * mini OS, devices, console and virtual CPU (and, under hardware assist, its own VMCS). The VMM's
 * timer ends a guest's slice after {@link #slice()} of its instructions; the VMM then saves that
 * guest's virtual CPU, loads the next one's with its memory map, and enters it, round robin: a
 * {@link Event.VmSwitch} on the stream, with the switch's cost on the host's clock.
 *
 * <p>Deterministic: a guest's timer counts its own instructions (its virtual time stops while it
 * is switched out), so each guest runs exactly as it would alone; only the host's clock and the
 * order of the stream depend on its neighbours.
 */
public final class MultiGuestRun {

    /** Guest instructions per slice unless chosen otherwise. */
    public static final int DEFAULT_SLICE = 20_000;
    /** Host frames the VMM leaves to no guest, above the last guest's (the isolation tests watch them). */
    public static final int SPARE_BYTES = 1 << 20;

    /** One guest: its number (from 1), what it runs, its machine and its host frames. */
    public static final class Guest {
        private final int number;
        private final String name;
        private final Machine machine;
        private final HostMemory.Allocation frames;
        private long switchesIn;
        /** Host cycle minus guest cycle while this guest runs: its events on the host's clock. */
        private long clockOffset;

        private Guest(int number, String name, Machine machine, HostMemory.Allocation frames) {
            this.number = number;
            this.name = name;
            this.machine = machine;
            this.frames = frames;
        }

        public int number() {
            return number;
        }

        public String name() {
            return name;
        }

        public Machine machine() {
            return machine;
        }

        /** Its VMM's per-guest part: the virtual CPU's view, the VMCS, the counters. */
        public Vmm vmm() {
            return VirtualMachine.vmm(machine);
        }

        public HostMemory.Allocation frames() {
            return frames;
        }

        /** How many times the VMM switched to this guest (its first start included). */
        public long switchesIn() {
            return switchesIn;
        }
    }

    /** Receives each guest's console bytes as it writes them. */
    @FunctionalInterface
    public interface ConsoleListener {
        void write(int vm, int port, int value);
    }

    private final RunSetup setup;
    private final MachineOptions options;
    private final int slice;
    private final HostMemory hostMemory;
    private final int capacity;
    private final List<Guest> guests = new ArrayList<>();
    private Guest current;
    private long hostCycles;
    private long switches;
    private long seq;
    private EventSink sink;
    private ConsoleListener console;

    /**
     * A VMM for up to {@code capacity} guests under {@code setup}, each with {@code options.memoryBytes()}
     * of host frames.
     *
     * @throws IllegalArgumentException for a setup with no VMM (native), a host other than type 1, or a
     *                                  slice or capacity below 1; the message says why
     */
    public MultiGuestRun(RunSetup setup, MachineOptions options, int slice, int capacity) {
        String refusal = refusal(setup);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        if (slice < 1) {
            throw new IllegalArgumentException("a time slice is at least 1 instruction, not " + slice);
        }
        if (capacity < 1 || (long) capacity * options.memoryBytes() + SPARE_BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot give " + capacity + " guests " + (options.memoryBytes() >> 20)
                    + " MiB each");
        }
        this.setup = setup;
        this.options = options.withStrictIsa(setup.strictIsa());
        this.slice = slice;
        this.capacity = capacity;
        this.hostMemory = new HostMemory(capacity * options.memoryBytes() + SPARE_BYTES);
    }

    /** Why {@code setup} cannot run several guests, or null if it can. */
    public static String refusal(RunSetup setup) {
        if (setup.technique() == Technique.NATIVE) {
            return "several guests need a VMM to share the machine between them; natively one kernel owns it "
                    + "(choose trap-emulate, binary-translation, paravirtual or hardware-assisted)";
        }
        if (setup.host() != HostType.TYPE1) {
            return "several guests are modelled on a type 1 VMM only: on " + setup.host().id()
                    + " each guest would be a process the host's scheduler runs, which is not modelled";
        }
        return null;
    }

    /**
     * Boots the next guest on its own frames; {@code image} must be built for the technique (PARAVIRT
     * defined for paravirtual).
     */
    public Guest addGuest(String name, byte[] image) throws BootException {
        if (guests.size() == capacity) {
            throw new IllegalStateException("this VMM was made for " + capacity + " guests");
        }
        int number = guests.size() + 1;
        Machine m = new Machine(options, hostMemory.allocate(number, options.memoryBytes()));
        VirtualMachine.create(setup.technique(), setup.host(), setup.cost(), setup.controls(), m);
        m.boot(image);
        hostCycles += m.cycles(); // what booting it cost (a VMCS made ready, say) was spent on the one CPU
        Guest g = new Guest(number, name, m, hostMemory.allocations().get(number - 1));
        guests.add(g);
        m.setConsoleListener((port, value) -> {
            if (console != null) {
                console.write(number, port, value);
            }
        });
        return g;
    }

    /** Every guest's events on one stream, on the host's clock, with a {@link Event.VmSwitch} at each switch. */
    public void setEventSink(EventSink sink) {
        this.sink = sink;
    }

    public void setConsoleListener(ConsoleListener listener) {
        this.console = listener;
    }

    public List<Guest> guests() {
        return List.copyOf(guests);
    }

    /** The guest on the CPU, or null before the first slice. */
    public Guest current() {
        return current;
    }

    public RunSetup setup() {
        return setup;
    }

    public int slice() {
        return slice;
    }

    public HostMemory hostMemory() {
        return hostMemory;
    }

    /** The one CPU's clock: every guest's cycles plus the VMM's switches. */
    public long cycles() {
        return current == null ? hostCycles : current.clockOffset + current.machine.cycles();
    }

    public long switches() {
        return switches;
    }

    /** What one switch costs the host (docs/multiple-guests.md, "Costs"). */
    public long switchCost() {
        CostModel c = setup.cost();
        // hardware assist: a VM exit on the VMM's timer and the entry into the next guest, plus the VMM's
        // dispatch; the software techniques: the timer's interrupt into ring 0 and the return, plus the same
        return setup.technique() == Technique.HARDWARE_ASSISTED ? c.vmTransition() + c.exitHandling()
                : c.trap() + c.exitHandling();
    }

    /**
     * Runs every guest, round robin, a slice at a time, until each has stopped or retired
     * {@code maxInstructions} instructions of its own.
     */
    public void run(long maxInstructions) {
        while (runSlice(maxInstructions)) {
            // next slice
        }
    }

    /**
     * Runs one slice of the next guest that can run (switching to it first if it is not on the CPU).
     * Returns false, having run nothing, when every guest is done.
     */
    public boolean runSlice(long maxInstructions) {
        Guest next = nextRunnable(maxInstructions);
        if (next == null) {
            return false;
        }
        if (next != current) {
            switchTo(next, current == null ? "start" : done(current, maxInstructions)
                    ? "VM " + current.number + " " + (current.machine.stopped() ? "stopped" : "reached its limit")
                    : "timer slice");
        }
        Machine m = next.machine;
        m.run(Math.min(slice, maxInstructions - m.instructions()));
        if (!m.stopped() && m.instructions() >= maxInstructions) {
            m.finishTrace();
        }
        return true;
    }

    private static boolean done(Guest g, long maxInstructions) {
        return g.machine.stopped() || g.machine.instructions() >= maxInstructions;
    }

    /** The guest after the current one (round robin) that is not done; the current one if it alone is left. */
    private Guest nextRunnable(long maxInstructions) {
        int start = current == null ? 0 : guests.indexOf(current) + 1;
        for (int k = 0; k < guests.size(); k++) {
            Guest g = guests.get((start + k) % guests.size());
            if (!done(g, maxInstructions)) {
                return g;
            }
        }
        return null;
    }

    /** The VMM's switch: the outgoing guest's vCPU saved, the next one's loaded with its memory map. */
    private void switchTo(Guest next, String reason) {
        hostCycles = cycles();
        int from = current == null ? 0 : current.number;
        if (current != null) {
            current.machine.setEventSink(null); // its events stop with it
        }
        if (sink != null) {
            sink.accept(new Event.VmSwitch(seq++, hostCycles, from, next.number, reason, switchedState(from, next.number)));
        }
        hostCycles += switchCost();
        switches++;
        next.switchesIn++;
        next.clockOffset = hostCycles - next.machine.cycles();
        current = next;
        if (sink != null) {
            next.machine.setEventSink(new GuestSink(next)); // the stream shows this guest's registers again
        }
    }

    /** What a switch saves and loads, in the words of the technique's real systems. */
    private String switchedState(int from, int to) {
        boolean hardware = setup.technique() == Technique.HARDWARE_ASSISTED;
        String preempted = from == 0 ? "" : hardware ? "VM exit on the VMM's timer; VM " + from + "'s state in its VMCS; "
                : "timer interrupt into the VMM; VM " + from + "'s virtual CPU saved; ";
        return preempted + switch (setup.technique()) {
            case HARDWARE_ASSISTED -> "vmptrld VM " + to + "'s VMCS (its guest state"
                    + (setup.controls().ept() ? " and EPT pointer" : "; CR3 = its shadow page directory") + "); VM entry";
            case PARAVIRTUAL -> "VM " + to + "'s vcpu loaded; CR3 = its own page directory (machine frames it owns, "
                    + "checked at every mmu_update)";
            case BINARY_TRANSLATION -> "VM " + to + "'s virtual CPU loaded; CR3 = its shadow page directory; its "
                    + "translation cache";
            case TRAP_EMULATE -> "VM " + to + "'s virtual CPU loaded; CR3 = its shadow page directory";
            case NATIVE -> throw new IllegalStateException("no VMM");
        };
    }

    /** A guest's events onto the one stream: numbered in order, on the host's clock. */
    private final class GuestSink implements EventSink {
        private final Guest guest;

        GuestSink(Guest guest) {
            this.guest = guest;
        }

        @Override
        public void accept(Event event) {
            sink.accept(Events.at(event, seq++, guest.clockOffset + event.cycle()));
        }

        @Override
        public void instructionRetired(long s, long cycle, int eip, int cpl, byte[] bytes) {
            sink.instructionRetired(seq++, guest.clockOffset + cycle, eip, cpl, bytes);
        }

        @Override
        public void registerWrite(long s, long cycle, ArchRegister register, int value) {
            sink.registerWrite(seq++, guest.clockOffset + cycle, register, value);
        }

        @Override
        public void memoryAccess(long s, long cycle, int linear, int physical, int size, int value, boolean write) {
            sink.memoryAccess(seq++, guest.clockOffset + cycle, linear, physical, size, value, write);
        }
    }
}
