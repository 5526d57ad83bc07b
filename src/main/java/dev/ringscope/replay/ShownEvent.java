package dev.ringscope.replay;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Events;
import java.util.Objects;

/**
 * An event held in a {@link MachineView}, compared field by field: records compare the bytes of an
 * {@link Event.InstructionRetired} by identity, and two views of the same point must be equal.
 */
public record ShownEvent(Event event) {

    public ShownEvent {
        Objects.requireNonNull(event, "event");
    }

    public EventKind kind() {
        return EventKind.of(event);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShownEvent s && Events.equal(event, s.event);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(event.seq()) * 31 + kind().ordinal();
    }
}
