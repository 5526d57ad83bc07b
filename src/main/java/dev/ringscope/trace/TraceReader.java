package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ringscope.trace.LineFields.LineProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a trace file written by {@link TraceWriter}, streaming, one line at a time.
 *
 * <p>The header must be the first line and of a schema version this code knows, or
 * {@link TraceFormatException} is thrown. After that, reading does not stop at a bad line: a line
 * that is not JSON, names an unknown type, or lacks a field or has one of the wrong type is skipped
 * and reported with its line number ({@code trace.jsonl:17: unknown event type 'foo'}); a last line
 * cut short, as when a run is killed while writing, is reported as
 * {@code trace.jsonl:2001: incomplete last line dropped}. Blank lines are ignored, fields a kind
 * does not have are ignored, and nothing is ever instantiated by name.
 *
 * <p>Events are numbered by their position in what was read: the n-th event read has seq n, so a
 * loaded trace is always continuous. Where that differs from the seq in the file (lines were
 * dropped, or the file skips numbers) the first event affected gets a note:
 * {@code trace.jsonl:18: seq 17 loaded as 16 (lines above were dropped)}.
 */
public final class TraceReader implements TraceInput {

    public static final int MAX_LISTED_PROBLEMS = 100;
    static final String INCOMPLETE = "incomplete last line dropped";

    private final InputStream in;
    private final String source;
    private final LineReader lines;
    private final int maxLineBytes;
    private final LineFields fields = new LineFields();
    private final List<TraceProblem> problems = new ArrayList<>();
    private final TraceHeader header;
    private int problemCount;
    private long droppedLines;
    private long nextSeq;
    private long seqShift;
    private boolean droppedSinceLastEvent;

    private TraceReader(InputStream in, String source, int maxLineBytes) throws IOException {
        this.in = in;
        this.source = source;
        this.lines = new LineReader(in, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.header = readHeader();
    }

    /** Opens a trace file and reads its header; problems are reported as {@code <file name>:<line>: …}. */
    public static TraceReader open(Path file) throws IOException {
        return open(Files.newInputStream(file), file.getFileName().toString());
    }

    /** Reads the header from {@code in}; {@code source} names the input in problems. Closing closes {@code in}. */
    public static TraceReader open(InputStream in, String source) throws IOException {
        return open(in, source, EventJson.MAX_LINE_BYTES);
    }

    static TraceReader open(InputStream in, String source, int maxLineBytes) throws IOException {
        try {
            return new TraceReader(in, source, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads a whole trace file into memory. */
    public static LoadedTrace load(Path file) throws IOException {
        try (TraceReader reader = open(file)) {
            return reader.readAll();
        }
    }

    /** Reads a whole trace into memory and closes {@code in}. */
    public static LoadedTrace load(InputStream in, String source) throws IOException {
        try (TraceReader reader = open(in, source)) {
            return reader.readAll();
        }
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    /** The next event that could be read, or {@code null} at the end of the input. */
    public Event next() throws IOException {
        while (lines.next()) {
            if (lines.tooLong()) {
                drop(lines.terminated() ? "line longer than " + maxLineBytes + " bytes skipped" : INCOMPLETE);
            } else if (!lines.blank()) {
                Event event = readEvent();
                if (event != null) {
                    return event;
                }
            }
        }
        return null;
    }

    @Override
    public long readInto(EventSink sink) throws IOException {
        long count = 0;
        for (Event event = next(); event != null; event = next()) {
            sink.accept(event);
            count++;
        }
        return count;
    }

    /** What was wrong so far, at most {@link #MAX_LISTED_PROBLEMS}. */
    @Override
    public List<TraceProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** How many problems so far, including those not listed. */
    @Override
    public int problemCount() {
        return problemCount;
    }

    @Override
    public long droppedLines() {
        return droppedLines;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private Event readEvent() throws IOException {
        try (JsonParser parser = EventJson.FACTORY.createParser(lines.buffer(), lines.start(), lines.length())) {
            fields.parse(parser);
            EventKind kind = kind();
            long fileSeq = fields.int64("seq");
            Event event = EventJson.read(fields, kind, nextSeq);
            if (fileSeq - nextSeq != seqShift) {
                seqShift = fileSeq - nextSeq;
                report("seq " + fileSeq + " loaded as " + nextSeq + (droppedSinceLastEvent
                        ? " (lines above were dropped)" : " (the file's seq numbers are not continuous)"));
            }
            nextSeq++;
            droppedSinceLastEvent = false;
            return event;
        } catch (LineProblem e) {
            drop(lines.terminated() ? e.getMessage() : INCOMPLETE);
        } catch (JsonProcessingException e) {
            drop(lines.terminated() ? "malformed JSON: " + brief(e) : INCOMPLETE);
        } catch (IllegalStateException e) { // Jackson's guard against field names built to collide
            drop("unreadable line: " + LineFields.shorten(String.valueOf(e.getMessage()), 160));
        }
        return null;
    }

    private EventKind kind() throws LineProblem {
        String type = fields.string("type");
        if (type == null) {
            throw new LineProblem("field 'type' must be a string, not null");
        }
        EventKind kind = EventKind.fromJsonName(type);
        if (kind == null) {
            throw new LineProblem("header".equals(type) ? "a second header; only the first line is a header"
                    : "unknown event type '" + LineFields.shorten(type) + "'");
        }
        return kind;
    }

    private void drop(String message) {
        droppedLines++;
        droppedSinceLastEvent = true;
        report(message);
    }

    private void report(String message) {
        problemCount++;
        if (problems.size() < MAX_LISTED_PROBLEMS) {
            problems.add(new TraceProblem(source, lines.number(), message));
        }
    }

    private TraceHeader readHeader() throws IOException {
        while (lines.next()) {
            if (lines.tooLong()) {
                throw notATrace("the first line is too long to be a trace header");
            }
            if (!lines.blank()) {
                return parseHeader();
            }
        }
        throw new TraceFormatException(source + ": empty; a trace starts with a header line");
    }

    private TraceHeader parseHeader() throws TraceFormatException {
        return HeaderJson.parse(lines.buffer(), lines.start(), lines.length(), source + ":" + lines.number(),
                "the first line", !lines.terminated());
    }

    private TraceFormatException notATrace(String why) {
        return headerError("not a RingScope trace: " + why);
    }

    private TraceFormatException headerError(String message) {
        return new TraceFormatException(source + ":" + lines.number() + ": " + message);
    }

    /** Jackson's message without its location (we give the line) and cut to one line. */
    static String brief(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return LineFields.shorten(newline < 0 ? message : message.substring(0, newline), 160);
    }
}
