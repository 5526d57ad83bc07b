package dev.ringscope.trace;

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
        if (a instanceof Event.InstructionRetired x && b instanceof Event.InstructionRetired y) {
            return x.seq() == y.seq() && x.cycle() == y.cycle() && x.eip() == y.eip() && x.cpl() == y.cpl()
                    && Arrays.equals(x.bytes(), y.bytes());
        }
        return Objects.equals(a, b);
    }
}
