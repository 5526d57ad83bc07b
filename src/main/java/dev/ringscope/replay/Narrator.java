package dev.ringscope.replay;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Disassembler;
import dev.ringscope.isa.PrivilegeClass;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import java.util.List;

/**
 * Tells what a step did in words a student who has read about rings can follow. It picks the most
 * telling event of the step (the run ending, a fault, an interrupt, a system call, a return to
 * user mode, I/O) and otherwise describes the instruction. Everything comes from the events, so a
 * recorded trace is narrated exactly like a live run.
 */
public final class Narrator {

    private Narrator() {
    }

    /** Why a VMM that is not hardware-assisted moves the guest kernel to ring 1: told once, when it first runs there. */
    static final String RING_COMPRESSION = "Why ring 1: the VMM must keep ring 0 for itself, or the guest kernel "
            + "could reprogram the real hardware. So the guest kernel is moved out to ring 1 (ring compression): its "
            + "privileged instructions now fault (or are translated, or become hypercalls), while ring 1 still keeps "
            + "it apart from its user programs in ring 3 — page tables only tell user (ring 3) from supervisor "
            + "(rings 0 to 2).";

    /** How the narration writes a code address: {@code 0x08048123}, or with its name, {@code 0x08048123 (main+0x13)}. */
    @FunctionalInterface
    public interface Names {
        String at(int eip);

        Names NONE = eip -> String.format("0x%08X", eip);
    }

    public static Narration of(MachineView view) {
        return of(view, Names.NONE);
    }

    /** The narration, naming code addresses through {@code names} (the program's functions and labels). */
    public static Narration of(MachineView view, Names names) {
        Narration n = told(view, names);
        if (view.firstInstructionInItsRing() && view.current().cpl() == 1
                && view.rings().guestKernelRing() == 1) {
            return new Narration(n.sentence() + " This is the guest kernel's first instruction in ring 1.",
                    n.why() + " " + RING_COMPRESSION);
        }
        return n;
    }

    private static Narration told(MachineView view, Names names) {
        Step step = view.step();
        List<Event> events = step.events();
        Event.VmSwitch vmSwitch = first(events, Event.VmSwitch.class);
        if (vmSwitch != null) {
            return switched(vmSwitch);
        }
        Event.RunEnded end = first(events, Event.RunEnded.class);
        if (end != null) {
            return runEnded(end);
        }
        Event.VirtualizationHole hole = first(events, Event.VirtualizationHole.class);
        if (hole != null) {
            return new Narration("A virtualization hole: " + hole.instruction() + " did not trap, so the guest saw "
                    + hole.actualBehaviour() + " where a real machine would have shown " + hole.nativeBehaviour() + ".",
                    "The instruction is sensitive (its result depends on the privilege level) but not privileged, "
                            + "so it runs without trapping to the VMM. Popek and Goldberg's condition for "
                            + "trap-and-emulate fails here: x86 has about seventeen such instructions.");
        }
        Event.VmExit exit = first(events, Event.VmExit.class);
        if (exit != null) {
            return HostNarration.exit(exit, view.rings().at(-1), HostNarration.hops(events));
        }
        Event.Hypercall call = first(events, Event.Hypercall.class);
        if (call != null) {
            return new Narration(String.format("The paravirtual kernel called its hypervisor: hypercall %d (%s).",
                    call.number(), call.name()),
                    "A paravirtualized kernel knows it runs on a VMM. Instead of executing a privileged "
                            + "instruction and being trapped, it asks the VMM directly (int 0x82, number in EAX).");
        }
        Event.EmulatedInstruction emulated = first(events, Event.EmulatedInstruction.class);
        List<Event.RingTransition> hostHops = HostNarration.hops(events);
        if (emulated != null && !hostHops.isEmpty()) {
            return HostNarration.emulated(emulated, hostHops);
        }
        if (emulated != null) {
            return emulated(emulated, events);
        }
        Event.BlockTranslated block = first(events, Event.BlockTranslated.class);
        if (block != null) {
            return new Narration(String.format("Binary translation: the VMM translated the guest kernel's block at "
                            + "0x%08X (%d instructions, %d bytes) into its translation cache at 0x%08X.", block.guestAddress(),
                    block.instructions(), block.guestLength(), block.cacheAddress()),
                    "Guest kernel code never runs as written: the first time it is reached, a block (up to a "
                            + "control transfer) is translated — innocuous instructions copied unchanged, sensitive "
                            + "ones rewritten into inline code on the virtual CPU or calls into the VMM — and the "
                            + "translation runs instead. The VMM tab shows the block beside its translation.");
        }
        Event.TranslationInvalidated stale = first(events, Event.TranslationInvalidated.class);
        if (stale != null) {
            return new Narration(String.format("The VMM threw away %d translation(s) of the page at 0x%08X: %s.",
                    stale.blocks(), stale.guestPage(), stale.reason()),
                    "A translation is only valid while the guest code it came from is unchanged, so the VMM "
                            + "watches the pages it translated; a write there (self-modifying code, a loader) makes "
                            + "it translate again.");
        }
        Event.ExceptionRaised fault = last(events, Event.ExceptionRaised.class);
        if (fault != null) {
            return exception(fault, view, names);
        }
        Event.InterruptDelivered irq = first(events, Event.InterruptDelivered.class);
        if (irq != null) {
            return interrupt(irq, view, names);
        }
        Event.SystemCall sys = first(events, Event.SystemCall.class);
        if (sys != null) {
            return systemCall(sys, view);
        }
        Event.RingTransition back = first(events, Event.RingTransition.class);
        if (back != null) {
            return transition(back);
        }
        Event.GuestHalted halt = first(events, Event.GuestHalted.class);
        if (halt != null) {
            return halt.waiting()
                    ? new Narration("hlt: the CPU rests until the next interrupt arrives.",
                            "An idle kernel halts instead of spinning. Interrupts are enabled (IF = 1), so the next "
                                    + "timer tick wakes the CPU; hlt is privileged, so only ring 0 may do this.")
                    : new Narration("hlt with interrupts disabled: nothing can wake the CPU, so the machine stops.",
                            "With IF = 0 no maskable interrupt is accepted; a kernel does this on purpose when it "
                                    + "is finished or has given up.");
        }
        Event.IoAccess io = first(events, Event.IoAccess.class);
        if (io != null) {
            return io(io, view);
        }
        return instruction(view, names);
    }

    private static Narration emulated(Event.EmulatedInstruction e, List<Event> events) {
        String sentence = String.format("The VMM carried out `%s` for the guest: %s.", e.instruction(), e.effect());
        String why;
        if (first(events, Event.VmExit.class) != null) {
            why = "Under hardware assist the instruction caused a VM exit; the VMM emulated it on the guest state "
                    + "saved in the VMCS and resumed the guest with a VM entry.";
        } else if (first(events, Event.ExceptionRaised.class) != null) {
            why = "Trap and emulate: the guest kernel runs in ring 1, so its privileged instruction raised #GP. The "
                    + "fault went to the VMM in ring 0 (the real IDT is the VMM's), which decoded the instruction, "
                    + "did its work on the virtual CPU and resumed the guest after it.";
        } else {
            why = "The instruction was rewritten when its block was translated, so it never ran as written: the "
                    + "translated code does the work on the virtual CPU or calls into the VMM — no trap needed.";
        }
        return new Narration(sentence, why);
    }

    /** docs/multiple-guests.md: one CPU, several guests, each on its own host frames. */
    private static Narration switched(Event.VmSwitch s) {
        String sentence = s.fromVm() == 0
                ? String.format("The VMM started VM %d: %s.", s.toVm(), s.state())
                : String.format("The VMM switched from VM %d to VM %d (%s): %s.", s.fromVm(), s.toVm(), s.reason(),
                s.state());
        return new Narration(sentence, "One CPU, several guests: the VMM's timer ends each guest's slice, and the VMM "
                + "saves that guest's virtual CPU and loads the next one's, with its memory map. Each guest's "
                + "\"physical\" memory is a set of host frames the VMM gave it alone, so no address it can form "
                + "reaches another guest's memory.");
    }

    private static Narration runEnded(Event.RunEnded end) {
        String how = switch (end.reason()) {
            case EXIT -> "the guest asked to stop, writing " + end.exitValue() + " to the debug-exit port";
            case HALTED -> "the CPU halted with interrupts disabled";
            case SHUTDOWN -> "a triple fault shut the machine down";
            case LIMIT -> "the instruction limit was reached";
            case STOPPED -> "it was stopped";
        };
        return new Narration(String.format("The run ended: %s, after %,d instructions.", how, end.instructions()),
                end.message());
    }

    private static Narration exception(Event.ExceptionRaised e, MachineView view, Names names) {
        String name = exceptionName(e.vector());
        String into = view.party(view.ring()).label() + " (ring " + view.ring() + ")";
        String code = e.errorCode() >= 0 ? String.format(", error code 0x%X", e.errorCode()) : "";
        String sentence = String.format("The CPU raised %s (%s, vector %d%s) at %s: %s. Control went to the "
                + "handler in %s.", e.mnemonic(), name, e.vector(), code, names.at(e.eip()), e.reason(), into);
        String why = switch (e.vector()) {
            case 13 -> "General protection faults are how the CPU enforces privilege: a privileged instruction at "
                    + "CPL > 0, an IOPL-sensitive one at CPL > IOPL, or a segment or gate whose DPL does not allow "
                    + "the access. The kernel decides what to do — here, usually, end the offending program.";
            case 14 -> "A page fault: the page is not present, or the access is not allowed — user code touching a "
                    + "supervisor page, or a write to a read-only one. CR2 holds the address; the error code's "
                    + "bits say present (P), write (W) and user mode (U). " + pageFaultBits(e.errorCode());
            case 8 -> "A double fault: another fault happened while the CPU was delivering the first one, so it "
                    + "gave up on both and reports #DF instead. A fault while delivering #DF is a triple fault, "
                    + "and the machine shuts down.";
            case 0 -> "Division by zero (or a quotient too large for the register) is a fault the kernel handles.";
            case 6 -> "The bytes at EIP are not an instruction this CPU knows, so it raises invalid opcode.";
            case 7 -> "Device not available: RingScope models no FPU (CPUID says FPU = 0) and the kernel set CR0.EM, "
                    + "so an x87 floating-point instruction faults before it runs (SDM Vol. 3A §2.5). A kernel "
                    + "could emulate it here, as Linux once did for FPU-less 386s; the same fault with CR0.TS is "
                    + "how kernels switch FPU state lazily. Integer-only C: gcc -mgeneral-regs-only.";
            case 1 -> "With the trap flag (TF) set, the CPU traps after every instruction: how debuggers single-step.";
            case 3 -> "int3 is the one-byte breakpoint instruction debuggers plant in code.";
            default -> "Exceptions transfer control through the IDT to a kernel handler, like interrupts do.";
        };
        return new Narration(sentence, why);
    }

    private static String pageFaultBits(int code) {
        if (code < 0) {
            return "";
        }
        return String.format("Here: %s, %s, from %s mode.", (code & 1) != 0 ? "protection violation" : "not present",
                (code & 2) != 0 ? "write" : "read", (code & 4) != 0 ? "user" : "supervisor");
    }

    private static Narration interrupt(Event.InterruptDelivered e, MachineView view, Names names) {
        String device = switch (e.irq()) {
            case 0 -> "The timer";
            case 1 -> "The keyboard";
            case 4 -> "The serial port";
            default -> "IRQ " + e.irq();
        };
        return new Narration(String.format("%s (IRQ %d) interrupted the program at %s: the CPU finished the "
                        + "instruction and entered the kernel through IDT vector 0x%X.", device, e.irq(), names.at(e.eip()),
                e.vector()),
                "Hardware interrupts arrive between instructions whenever IF = 1. The PIC turns the IRQ line into "
                        + "a vector; the CPU saves where the program was on the kernel stack, so the kernel can "
                        + "resume it later — or switch to another task, which is how preemption works.");
    }

    private static Narration systemCall(Event.SystemCall e, MachineView view) {
        if (e.via().equals("sysenter")) {
            return new Narration(String.format("The user program asked the kernel for service %d with sysenter: "
                    + "the CPU jumped straight to ring 0 at the address in the SYSENTER MSRs.", e.number()),
                    "sysenter skips the IDT and the TSS: the target CS, EIP and ESP come from model-specific "
                            + "registers the kernel set up, which makes system calls cheaper than int 0x80.");
        }
        boolean direct = view.step().events().stream().anyMatch(x -> x instanceof Event.RingTransition t
                && t.fromRing() == 3 && t.toRing() == 1);
        if (direct) {
            return new Narration(String.format("The user program asked the kernel for a service: `%s` went straight "
                    + "into the paravirtual guest kernel in ring 1 — Xen's fast trap, no hypervisor on the way in.",
                    e.via()),
                    String.format("The guest registered a trap-table entry with DPL 3 for its system calls, so the "
                            + "hypervisor lets the CPU deliver them directly to ring 1; only the way back (the iret "
                            + "hypercall) passes through the hypervisor. EAX = %d says which service.", e.number()));
        }
        if (view.party(0) == dev.ringscope.trace.Party.VMM && view.ring() != 0 && view.ring() != 3) {
            return new Narration(String.format("The user program asked the kernel for a service: `%s` went to the VMM "
                    + "in ring 0 first, which reflected it through the guest's IDT into its kernel in ring %d.", e.via(),
                    view.ring()),
                    String.format("Under a software VMM the real IDT is the VMM's, so every system call crosses into "
                            + "ring 0 and back out to the guest kernel (ring 1): two crossings where native needs one, "
                            + "which is why system calls cost more under trap and emulate and binary translation. "
                            + "EAX = %d says which service.", e.number()));
        }
        return new Narration(String.format("The user program asked the kernel for a service: `%s` went through IDT "
                + "gate %s (DPL 3) into ring %d, and the CPU switched to the kernel stack from the TSS.", e.via(),
                e.via().replace("int ", ""), view.ring()),
                String.format("Ring 3 cannot run privileged instructions or touch kernel memory, so it asks. The "
                        + "gate's DPL of 3 is what lets ring 3 use it (through a DPL-0 gate this would be #GP). The "
                        + "CPU pushes the user's SS, ESP, EFLAGS, CS and EIP on the kernel stack named in the TSS "
                        + "(SS0:ESP0), so the kernel never runs on a stack the program controls. EAX = %d says which "
                        + "service.", e.number()));
    }

    private static Narration transition(Event.RingTransition t) {
        if (HostNarration.isHostHop(t)) {
            return HostNarration.single(t);
        }
        String from = t.from().label() + " (ring " + t.fromRing() + ")";
        String to = t.to().label() + " (ring " + t.toRing() + ")";
        if (t.cause() == dev.ringscope.trace.Cause.VM_ENTRY) {
            return new Narration(String.format("VM entry (`%s`): the VMM resumed the guest in %s.", t.label(), to),
                    "The CPU loads the guest state from the VMCS and continues in VMX non-root mode, in whatever "
                            + "ring the guest was; an event the VMM injects is delivered through the guest's IDT.");
        }
        if (t.from() == dev.ringscope.trace.Party.VMM && t.to() == dev.ringscope.trace.Party.GUEST_KERNEL) {
            return new Narration(String.format("`%s`: the VMM handed control to %s.", t.label(), to),
                    "The VMM saw the event first (the real IDT is its own) and now delivers it the way the guest "
                            + "expects: through the guest's own IDT, into its kernel — in ring 1, because the VMM "
                            + "keeps ring 0 for itself.");
        }
        if (t.toRing() > t.fromRing()) {
            return new Narration(String.format("`%s` returned from %s to %s.", t.label(), from, to),
                    "Returning outward, iretd pops EIP, CS and EFLAGS, then ESP and SS, because the target ring is "
                            + "less privileged; the CPU checks that the new CS's privilege is no higher than before, "
                            + "so a return can never raise privilege.");
        }
        return new Narration(String.format("`%s` took execution from %s to %s.", t.label(), from, to),
                "Entering a more privileged ring only happens through gates the kernel set up (IDT gates, "
                        + "SYSENTER), never by jumping there directly.");
    }

    private static Narration io(Event.IoAccess e, MachineView view) {
        String who = view.party(view.ring()).label();
        return new Narration(String.format("The %s %s port 0x%X (%s): %s 0x%X.", who, e.write() ? "wrote to" : "read",
                e.port(), e.device(), e.write() ? "value" : "got", e.value()),
                "in and out reach devices directly. They are IOPL-sensitive: at CPL > IOPL the CPU consults the "
                        + "TSS's I/O permission bitmap and raises #GP unless the port is allowed — so a user "
                        + "program normally asks the kernel instead.");
    }

    private static Narration instruction(MachineView view, Names names) {
        CurrentInstruction c = view.current();
        if (c == null) {
            return new Narration("The machine is ready: press Step or Play.", "Nothing has run yet. " + layout(view));
        }
        Decoded d = Decoder.decode(c.bytes(), 0, c.eip() & 0xFFFF_FFFFL);
        Party who = view.party(c.cpl());
        if (!d.isValid()) {
            return new Narration(String.format("At %s: bytes that are no instruction.", names.at(c.eip())), d.error());
        }
        String text = Disassembler.canonical(d.instruction(), c.bytes(), c.eip() & 0xFFFF_FFFFL).toString();
        PrivilegeClass pc = d.form().privilege();
        String sentence = String.format("The %s executed `%s` at %s in ring %d.", who.label(), text, names.at(c.eip()),
                c.cpl());
        String why = switch (pc.kind()) {
            case PRIVILEGED -> "A privileged instruction: it runs only at CPL 0; anywhere else it raises #GP. ("
                    + pc.source() + ")";
            case IOPL_SENSITIVE -> "IOPL-sensitive: allowed only when CPL <= IOPL. (" + pc.source() + ")";
            case SENSITIVE_UNPRIVILEGED -> "Sensitive but not privileged: it behaves differently by privilege level "
                    + "without ever trapping — one of the x86 virtualization holes. (" + pc.source() + ")";
            case INNOCUOUS -> "An ordinary instruction: it touches only registers and memory the program may use, "
                    + "so every ring runs it the same way.";
        };
        return new Narration(sentence, why);
    }

    /** Who will run where, in a sentence. */
    static String layout(MachineView view) {
        StringBuilder sb = new StringBuilder();
        view.rings().parties().forEach((ring, party) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(party.label()).append(" in ring ").append(ring == -1 ? "−1 (VMX root)" : ring));
        return "In this run: " + sb + ".";
    }

    static String exceptionName(int vector) {
        return switch (vector) {
            case 0 -> "divide error";
            case 1 -> "debug";
            case 3 -> "breakpoint";
            case 6 -> "invalid opcode";
            case 7 -> "device not available";
            case 8 -> "double fault";
            case 10 -> "invalid TSS";
            case 11 -> "segment not present";
            case 12 -> "stack fault";
            case 13 -> "general protection";
            case 14 -> "page fault";
            default -> "exception " + vector;
        };
    }

    private static <T extends Event> T first(List<Event> events, Class<T> kind) {
        for (Event e : events) {
            if (kind.isInstance(e)) {
                return kind.cast(e);
            }
        }
        return null;
    }

    private static <T extends Event> T last(List<Event> events, Class<T> kind) {
        T found = null;
        for (Event e : events) {
            if (kind.isInstance(e)) {
                found = kind.cast(e);
            }
        }
        return found;
    }

}
