package dev.ringscope.trace;

/**
 * One thing that happened in a run. Every event has a sequence number (its position in the
 * stream, from 0) and the simulated cycle at which it happened. Events carry what a reader or the
 * UI needs without the emulator, so a trace file alone replays.
 */
public sealed interface Event permits
        Event.InstructionRetired, Event.RegisterWrite, Event.MemoryAccess, Event.RingTransition,
        Event.ExceptionRaised, Event.InterruptDelivered, Event.SystemCall, Event.IoAccess,
        Event.VmExit, Event.VmEntry, Event.Hypercall, Event.EmulatedInstruction, Event.BlockTranslated,
        Event.TranslationInvalidated, Event.VirtualizationHole, Event.ConsoleOutput, Event.GuestHalted,
        Event.RunEnded, Event.VmSwitch {

    long seq();

    long cycle();

    /**
     * An instruction finished. {@code bytes} are the instruction's bytes (at most 15), so its text
     * can be shown from the trace alone.
     */
    record InstructionRetired(long seq, long cycle, int eip, int cpl, byte[] bytes) implements Event {
    }

    /** A register took a new value (written by an instruction, an interrupt, or a VMM). */
    record RegisterWrite(long seq, long cycle, ArchRegister register, int value) implements Event {
    }

    /** A data access to memory at a linear address (instruction fetches are not listed). */
    record MemoryAccess(long seq, long cycle, int linear, int physical, int size, int value, boolean write)
            implements Event {
    }

    /**
     * Execution moved between rings. {@code from}/{@code to} name who runs on each side, as well as the
     * ring number: under trap-and-emulate the guest kernel is in ring 1. Ring −1 is VMX root.
     *
     * @param vector the interrupt vector or exit reason involved, or -1
     * @param label  short text for the picture: {@code int 0x80}, {@code #GP}, {@code IRQ 0}, {@code iretd}
     */
    record RingTransition(long seq, long cycle, int fromRing, int toRing, Party from, Party to, Cause cause,
                          int vector, String label) implements Event {
    }

    /**
     * The CPU raised an exception (SDM Vol. 3A §6.15).
     *
     * @param errorCode the error code pushed, or -1 for vectors without one
     * @param reason    why, in plain words ({@code "cli at CPL 3 with IOPL 0"})
     */
    record ExceptionRaised(long seq, long cycle, int vector, String mnemonic, int errorCode, int eip, String reason)
            implements Event {
    }

    /** A hardware interrupt (IRQ) was delivered through the IDT. */
    record InterruptDelivered(long seq, long cycle, int irq, int vector, int eip) implements Event {
    }

    /** A system call entered the kernel: {@code int 0x80} or {@code sysenter}, with the number in EAX. */
    record SystemCall(long seq, long cycle, String via, int number, int eip) implements Event {
    }

    /** An {@code in} or {@code out} reached a device (or the VMM's model of it). */
    record IoAccess(long seq, long cycle, int port, int size, int value, boolean write, String device)
            implements Event {
    }

    /** VMX non-root to root (SDM Vol. 3C ch. 27), with the basic exit reason number and qualification. */
    record VmExit(long seq, long cycle, int reason, String reasonName, long qualification, int guestEip)
            implements Event {
    }

    /** VMX root to non-root: {@code vmlaunch} (first entry) or {@code vmresume}. */
    record VmEntry(long seq, long cycle, boolean launch, int guestEip) implements Event {
    }

    /** A paravirtual guest called its hypervisor (Xen-style {@code int 0x82}, number in EAX). */
    record Hypercall(long seq, long cycle, int number, String name, int arg1, int arg2, int arg3, int result)
            implements Event {
    }

    /** The VMM carried out an instruction on the guest's behalf. */
    record EmulatedInstruction(long seq, long cycle, int eip, String instruction, String effect) implements Event {
    }

    /** Binary translation: a guest basic block was translated into the translation cache. */
    record BlockTranslated(long seq, long cycle, int guestAddress, int guestLength, int instructions,
                           int cacheAddress, int cacheLength) implements Event {
    }

    /** Binary translation: translations of a guest page were thrown away (the page was written). */
    record TranslationInvalidated(long seq, long cycle, int guestPage, int blocks, String reason) implements Event {
    }

    /**
     * A sensitive but unprivileged instruction ran without trapping under a VMM, so the guest saw
     * something other than native would have shown it (Popek and Goldberg's equivalence broken).
     */
    record VirtualizationHole(long seq, long cycle, int eip, String instruction, String nativeBehaviour,
                              String actualBehaviour) implements Event {
    }

    /** Bytes the guest wrote to a console port (0xE9 or the UART at 0x3F8). */
    record ConsoleOutput(long seq, long cycle, int port, String text) implements Event {
    }

    /** {@code hlt}: waiting for an interrupt ({@code waiting}) or stopped for good (IF=0, nothing pending). */
    record GuestHalted(long seq, long cycle, int eip, boolean waiting) implements Event {
    }

    /** The run stopped; the last event of every trace. */
    record RunEnded(long seq, long cycle, StopReason reason, int exitValue, long instructions, String message)
            implements Event {
    }

    /**
     * A VMM running several guests on one CPU stopped one guest and started another: it saved the
     * outgoing guest's virtual CPU and loaded the next one's (its VMCS under hardware assist), and the
     * next one's memory map. Events after it, up to the next switch, are the guest {@code toVm}'s own.
     * Guests are numbered from 1; {@code fromVm} 0 is the VMM starting its first guest.
     *
     * @param reason why now: {@code "timer slice"}, {@code "VM 1 stopped"}, {@code "start"}
     * @param state  what the VMM switched, in the technique's words ({@code "vmptrld VM 2's VMCS"})
     */
    record VmSwitch(long seq, long cycle, int fromVm, int toVm, String reason, String state) implements Event {
    }
}
