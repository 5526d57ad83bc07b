package dev.ringscope.machine;

import dev.ringscope.trace.Event;

/** Where a machine's events go when tracing is on (a Trace, a file writer, the UI). */
@FunctionalInterface
public interface EventSink {
    void accept(Event event);
}
