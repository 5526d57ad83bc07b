package dev.ringscope.trace;

import java.io.Closeable;
import java.io.Flushable;

/**
 * A trace being written, in either form ({@link TraceCodec}): events go in as an {@link EventSink}
 * (an I/O failure there becomes an {@link java.io.UncheckedIOException}); {@link #close()} finishes
 * the file (for {@code .rstrace}, the last chunk and the index) and closes the stream.
 */
public interface TraceOutput extends EventSink, Closeable, Flushable {

    /** The number of events written. */
    long count();
}
