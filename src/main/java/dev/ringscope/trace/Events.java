package dev.ringscope.trace;

import dev.ringscope.trace.Event.BlockTranslated;
import dev.ringscope.trace.Event.ConsoleOutput;
import dev.ringscope.trace.Event.EmulatedInstruction;
import dev.ringscope.trace.Event.ExceptionRaised;
import dev.ringscope.trace.Event.GuestHalted;
import dev.ringscope.trace.Event.Hypercall;
import dev.ringscope.trace.Event.InstructionRetired;
import dev.ringscope.trace.Event.InterruptDelivered;
import dev.ringscope.trace.Event.IoAccess;
import dev.ringscope.trace.Event.MemoryAccess;
import dev.ringscope.trace.Event.RegisterWrite;
import dev.ringscope.trace.Event.RingTransition;
import dev.ringscope.trace.Event.RunEnded;
import dev.ringscope.trace.Event.SystemCall;
import dev.ringscope.trace.Event.TranslationInvalidated;
import dev.ringscope.trace.Event.VirtualizationHole;
import dev.ringscope.trace.Event.VmEntry;
import dev.ringscope.trace.Event.VmExit;
import dev.ringscope.trace.Event.VmSwitch;
import java.util.Arrays;
import java.util.Objects;

/** Helpers for events as values. */
public final class Events {

    private Events() {
    }

    /**
     * Whether two events are the same, field by field. Records compare a {@code byte[]} by identity,
     * so {@link Event.InstructionRetired} needs this to compare its bytes by content.
     */
    public static boolean equal(Event a, Event b) {
        if (a instanceof InstructionRetired x && b instanceof InstructionRetired y) {
            return x.seq() == y.seq() && x.cycle() == y.cycle() && x.eip() == y.eip() && x.cpl() == y.cpl()
                    && Arrays.equals(x.bytes(), y.bytes());
        }
        return Objects.equals(a, b);
    }

    /** The same event under another sequence number (for splicing or filtering traces). */
    public static Event withSeq(Event e, long seq) {
        return at(e, seq, e.cycle());
    }

    /** The same event under another sequence number and cycle (a guest's event on its VMM's clock). */
    public static Event at(Event e, long seq, long c) {
        if (e instanceof InstructionRetired x) {
            return new InstructionRetired(seq, c, x.eip(), x.cpl(), x.bytes());
        } else if (e instanceof RegisterWrite x) {
            return new RegisterWrite(seq, c, x.register(), x.value());
        } else if (e instanceof MemoryAccess x) {
            return new MemoryAccess(seq, c, x.linear(), x.physical(), x.size(), x.value(), x.write());
        } else if (e instanceof RingTransition x) {
            return new RingTransition(seq, c, x.fromRing(), x.toRing(), x.from(), x.to(), x.cause(), x.vector(),
                    x.label());
        } else if (e instanceof ExceptionRaised x) {
            return new ExceptionRaised(seq, c, x.vector(), x.mnemonic(), x.errorCode(), x.eip(), x.reason());
        } else if (e instanceof InterruptDelivered x) {
            return new InterruptDelivered(seq, c, x.irq(), x.vector(), x.eip());
        } else if (e instanceof SystemCall x) {
            return new SystemCall(seq, c, x.via(), x.number(), x.eip());
        } else if (e instanceof IoAccess x) {
            return new IoAccess(seq, c, x.port(), x.size(), x.value(), x.write(), x.device());
        } else if (e instanceof VmExit x) {
            return new VmExit(seq, c, x.reason(), x.reasonName(), x.qualification(), x.guestEip());
        } else if (e instanceof VmEntry x) {
            return new VmEntry(seq, c, x.launch(), x.guestEip());
        } else if (e instanceof Hypercall x) {
            return new Hypercall(seq, c, x.number(), x.name(), x.arg1(), x.arg2(), x.arg3(), x.result());
        } else if (e instanceof EmulatedInstruction x) {
            return new EmulatedInstruction(seq, c, x.eip(), x.instruction(), x.effect());
        } else if (e instanceof BlockTranslated x) {
            return new BlockTranslated(seq, c, x.guestAddress(), x.guestLength(), x.instructions(), x.cacheAddress(),
                    x.cacheLength());
        } else if (e instanceof TranslationInvalidated x) {
            return new TranslationInvalidated(seq, c, x.guestPage(), x.blocks(), x.reason());
        } else if (e instanceof VirtualizationHole x) {
            return new VirtualizationHole(seq, c, x.eip(), x.instruction(), x.nativeBehaviour(), x.actualBehaviour());
        } else if (e instanceof ConsoleOutput x) {
            return new ConsoleOutput(seq, c, x.port(), x.text());
        } else if (e instanceof GuestHalted x) {
            return new GuestHalted(seq, c, x.eip(), x.waiting());
        } else if (e instanceof RunEnded x) {
            return new RunEnded(seq, c, x.reason(), x.exitValue(), x.instructions(), x.message());
        } else if (e instanceof VmSwitch x) {
            return new VmSwitch(seq, c, x.fromVm(), x.toVm(), x.reason(), x.state());
        }
        throw new IllegalArgumentException("unknown event class " + e.getClass().getName());
    }
}
