package dev.ringscope.replay;

import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the last step did: the events since the previous instruction boundary. A step ends with an
 * {@link Event.InstructionRetired} and the register writes that follow it; an interrupt or exception
 * delivered before that instruction belongs to the same step, so its register writes are here too.
 * A view in the middle of a step (after {@link Playback#seekEvent}) shows the part seen so far.
 *
 * @param firstEvent     the sequence number of the step's first event
 * @param registerWrites every register the step wrote, with the last value written
 * @param memory         the step's data accesses in order, at most {@link #MAX_MEMORY}
 * @param memoryDropped  accesses beyond those (a long {@code rep movsb})
 * @param events         the step's other events (ring transitions, exceptions, I/O, console, VM exits…),
 *                       at most {@link #MAX_EVENTS}; not instruction, register or memory events
 * @param eventsDropped  other events beyond those
 */
public record Step(long firstEvent, Map<ArchRegister, Integer> registerWrites, List<MemoryTouch> memory,
                   long memoryDropped, List<Event> events, long eventsDropped) {

    public static final int MAX_MEMORY = 64;
    public static final int MAX_EVENTS = 32;

    public Step {
        registerWrites = Collections.unmodifiableMap(copyOf(registerWrites));
        memory = List.copyOf(memory);
        events = List.copyOf(events);
    }

    static EnumMap<ArchRegister, Integer> copyOf(Map<ArchRegister, Integer> registers) {
        EnumMap<ArchRegister, Integer> copy = new EnumMap<>(ArchRegister.class);
        copy.putAll(registers);
        return copy;
    }

    /** The first event of the kind in this step, if any. */
    public <E extends Event> E first(Class<E> kind) {
        for (Event e : events) {
            if (kind.isInstance(e)) {
                return kind.cast(e);
            }
        }
        return null;
    }
}
