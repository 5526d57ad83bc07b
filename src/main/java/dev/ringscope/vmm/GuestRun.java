package dev.ringscope.vmm;

import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.RunCounters;
import dev.ringscope.trace.StopReason;
import java.util.Arrays;

/**
 * The outcome of one run of a guest under one technique: what the guest could see (its console,
 * how it stopped, its registers) and what it cost.
 *
 * @param registers the general registers at the end (EAX … EDI), as the guest sees them
 */
public record GuestRun(Technique technique, StopReason stop, int exitValue, String message, String console,
                       long instructions, long cycles, int[] registers, RunCounters counters, VmmStats stats,
                       HostType host) {

    static GuestRun of(Technique technique, Machine m) {
        var r = m.result();
        Vmm vmm = VirtualMachine.vmm(m);
        Cpu cpu = m.cpu();
        return new GuestRun(technique, r.reason(), r.exitValue(), r.message(), m.console(), r.instructions(), r.cycles(),
                Arrays.copyOf(cpu.reg, 8), m.counters(), vmm == null ? new VmmStats() : vmm.stats(),
                VirtualMachine.host(m));
    }

    /** "hardware-assisted", or "hardware-assisted on kvm" with {@code withHost} (a comparison across hosts). */
    public String name(boolean withHost) {
        return technique.id() + (withHost && technique != Technique.NATIVE ? " on " + host.id() : "");
    }

    /** Whether the guest saw the same as in {@code other}: console, how it stopped, exit value. */
    public boolean sameOutputAs(GuestRun other) {
        return console.equals(other.console) && stop == other.stop && exitValue == other.exitValue;
    }

    /** Same output, and the same registers at the end and the same number of guest instructions. */
    public boolean sameGuestStateAs(GuestRun other) {
        return sameOutputAs(other) && instructions == other.instructions && Arrays.equals(registers, other.registers);
    }

    /** Cycles relative to {@code baseline} (1.0 = as fast). */
    public double overhead(GuestRun baseline) {
        return baseline.cycles == 0 ? 0 : (double) cycles / baseline.cycles;
    }
}
