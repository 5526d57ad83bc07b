package dev.ringscope.replay;

import dev.ringscope.trace.EventKind;
import java.util.Objects;

/**
 * Where {@link Playback#advance}, {@link Playback#stepOver} and the "step to next" moves stop. A
 * breakpoint is hit by a step (the events up to an instruction boundary); playback stops at the end
 * of that step, so the screen shows whole instructions: an address breakpoint stops with the
 * instruction at that address shown as last executed.
 */
public sealed interface Breakpoint permits Breakpoint.AtAddress, Breakpoint.OnRingChange, Breakpoint.OnEvent {

    /** The instruction at linear address {@code eip} retired. */
    record AtAddress(int eip) implements Breakpoint {
    }

    /** Execution crossed rings (any RingTransition). */
    record OnRingChange() implements Breakpoint {
    }

    /** An event of this kind happened (a VM exit, an exception, console output…). */
    record OnEvent(EventKind kind) implements Breakpoint {
        public OnEvent {
            Objects.requireNonNull(kind, "kind");
        }
    }

    static Breakpoint at(int eip) {
        return new AtAddress(eip);
    }

    static Breakpoint onRingChange() {
        return new OnRingChange();
    }

    static Breakpoint on(EventKind kind) {
        return new OnEvent(kind);
    }
}
