package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trace file, JSON Lines: the {@link TraceHeader} as {@code {"type":"header",…}}, then one
 * event a line (see {@link EventJson} for the fields), each line ending in {@code \n}. The same
 * header and events always give the same bytes.
 */
public final class TraceWriter implements TraceOutput {

    private final JsonGenerator generator;
    private long count;

    /** Writes UTF-8 to {@code out}, starting with the header; {@link #close()} closes {@code out}. */
    public TraceWriter(OutputStream out, TraceHeader header) throws IOException {
        this(EventJson.FACTORY.createGenerator(out, JsonEncoding.UTF8), header);
    }

    /** Writes to {@code out}, starting with the header; {@link #close()} closes {@code out}. */
    public TraceWriter(Writer out, TraceHeader header) throws IOException {
        this(EventJson.FACTORY.createGenerator(out), header);
    }

    private TraceWriter(JsonGenerator generator, TraceHeader header) throws IOException {
        this.generator = generator;
        generator.setRootValueSeparator(null);
        writeHeader(header);
    }

    /** Writes a whole trace to a file. */
    public static void write(Path file, TraceHeader header, Iterable<Event> events) throws IOException {
        try (TraceWriter writer = new TraceWriter(Files.newOutputStream(file), header)) {
            for (Event event : events) {
                writer.write(event);
            }
        }
    }

    /**
     * Appends an event.
     *
     * @throws IllegalArgumentException if its seq is not the number of events written so far, or it
     *                                  cannot be stored (see {@link Trace#append})
     */
    /** As an {@link EventSink}: an I/O failure becomes an {@link java.io.UncheckedIOException}. */
    @Override
    public void accept(Event event) {
        try {
            write(event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void write(Event event) throws IOException {
        if (event.seq() != count) {
            throw new IllegalArgumentException("event seq " + event.seq() + " written as event " + count
                    + "; a trace's seq numbers run 0, 1, 2, … without gaps");
        }
        EventJson.write(generator, event);
        generator.writeRaw('\n');
        count++;
    }

    /** The number of events written. */
    @Override
    public long count() {
        return count;
    }

    /** The line a trace file holds for this event, without the newline: its canonical text form. */
    public static String toJson(Event event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = EventJson.FACTORY.createGenerator(text)) {
            EventJson.write(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }

    private void writeHeader(TraceHeader header) throws IOException {
        HeaderJson.write(generator, header);
        generator.writeRaw('\n');
    }
}
