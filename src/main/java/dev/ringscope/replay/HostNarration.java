package dev.ringscope.replay;

import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import java.util.ArrayList;
import java.util.List;

/**
 * The narration of where a VM exit went under a hosted or KVM host (docs/hypervisor-types.md): the
 * hops after the exit in plain words, and each hop on its own.
 */
final class HostNarration {

    private HostNarration() {
    }

    static boolean isHostHop(Event.RingTransition t) {
        return t.cause() == Cause.WORLD_SWITCH || t.cause() == Cause.EXIT_TO_USER || t.cause() == Cause.HOST_SYSCALL
                || t.from().hostSide() && t.to().hostSide();
    }

    /** The hops of a step on the host's side, in order. */
    static List<Event.RingTransition> hops(List<Event> events) {
        List<Event.RingTransition> hops = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.RingTransition t && isHostHop(t)) {
                hops.add(t);
            }
        }
        return hops;
    }

    /** "VM exit 30 (I/O instruction): …" with where it went on the host; {@code landed} is who took the exit. */
    static Narration exit(Event.VmExit exit, Party landed, List<Event.RingTransition> hops) {
        String who = landed == Party.HOST_KERNEL ? "the host kernel's KVM module (VMX root, ring 0)"
                : "the VMM in VMX root mode";
        StringBuilder s = new StringBuilder(String.format("VM exit %d (%s): the CPU left the guest for %s, saving "
                + "the guest's state in the VMCS.", exit.reason(), exit.reasonName(), who));
        if (hops.isEmpty()) {
            if (landed == Party.HOST_KERNEL) {
                s.append(" KVM handles this exit inside the kernel and resumes the guest: no trip to user space.");
            }
            return new Narration(s.toString(), landed == Party.HOST_KERNEL ? KVM_WHY
                    : "With hardware assist the guest runs unmodified in VMX non-root mode; the execution controls "
                            + "in the VMCS decide which events take the CPU back to the VMM, and the exit reason and "
                            + "qualification say why.");
        }
        s.append(" Then:");
        for (Event.RingTransition t : hops) {
            s.append(' ').append(hop(t)).append(';');
        }
        s.setLength(s.length() - 1);
        s.append('.');
        return new Narration(s.toString(), landed == Party.HOST_KERNEL ? KVM_WHY : HOSTED_WHY);
    }

    /** One hop in a few words: "KVM_RUN returns to the VMM process (root ring 3)". */
    static String hop(Event.RingTransition t) {
        return switch (t.cause()) {
            case WORLD_SWITCH -> t.to() == Party.HOST_KERNEL
                    ? "the VMM's driver switches worlds, to the host's context"
                    : "the driver switches worlds back to the VMM's context";
            case EXIT_TO_USER -> t.label().startsWith("KVM_RUN")
                    ? "KVM_RUN returns to the VMM process (root ring 3) with the exit's reason"
                    : "the driver returns to the VMM process (ring 3 of the host)";
            case HOST_SYSCALL -> "the VMM process calls its host kernel: `" + t.label() + "`";
            default -> "`" + t.label() + "`: " + t.from().label() + " to " + t.to().label();
        };
    }

    /** A VMM without VT-x (hosted binary translation) emulated a port access the host's process serves. */
    static Narration emulated(Event.EmulatedInstruction e, List<Event.RingTransition> hops) {
        StringBuilder s = new StringBuilder("The VMM took `" + e.instruction() + "` from the guest; then:");
        for (Event.RingTransition t : hops) {
            s.append(' ').append(hop(t)).append(';');
        }
        s.setLength(s.length() - 1);
        return new Narration(s.append('.').toString(), HOSTED_WHY);
    }

    static Narration single(Event.RingTransition t) {
        return new Narration(String.format("On the host: %s.", hop(t)),
                t.from() == Party.VMM || t.to() == Party.VMM ? HOSTED_WHY : KVM_WHY);
    }

    static final String KVM_WHY = "Under KVM the host kernel is the hypervisor: its KVM module takes every VM exit "
            + "in root ring 0 and handles there what it can (control registers, CPUID, HLT, the interrupt controller "
            + "and timer). A device it does not emulate, such as the UART, is left to the VMM process (QEMU) in root "
            + "ring 3: its ioctl(KVM_RUN) returns with the exit's reason, it emulates the device, uses ordinary "
            + "system calls for real I/O, and calls KVM_RUN again.";

    static final String HOSTED_WHY = "A hosted (type 2) VMM lives beside a host operating system that keeps the "
            + "hardware: the VMM runs in its own context and handles the exits it can; for a device the host backs "
            + "(the console), its driver in the host kernel switches worlds to the host's context and returns to the "
            + "VMM process, which does the I/O with the host's own system calls — two world switches per trip.";
}
