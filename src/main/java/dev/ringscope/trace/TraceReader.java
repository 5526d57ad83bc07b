package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ringscope.trace.LineFields.LineProblem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public final class TraceReader implements Closeable {

    public static final int MAX_LISTED_PROBLEMS = 100;
    static final String INCOMPLETE = "incomplete last line dropped";

    private static final ObjectMapper HEADER_MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(EventJson.FACTORY.streamReadConstraints()).build()).build();

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

    /** The rest of the events, into a new trace. */
    public LoadedTrace readAll() throws IOException {
        Trace trace = new Trace();
        for (Event event = next(); event != null; event = next()) {
            trace.append(event);
        }
        return new LoadedTrace(header, trace, problems, problemCount, droppedLines);
    }

    /** What was wrong so far, at most {@link #MAX_LISTED_PROBLEMS}. */
    public List<TraceProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** How many problems so far, including those not listed. */
    public int problemCount() {
        return problemCount;
    }

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
        JsonNode node;
        try {
            node = HEADER_MAPPER.readTree(lines.buffer(), lines.start(), lines.length());
        } catch (IOException e) {
            throw notATrace("the first line is not a trace header: "
                    + (lines.terminated() ? "malformed JSON: " + brief(e) : "it is cut short"));
        }
        if (node == null || !node.isObject() || !"header".equals(node.path("type").asText(null))) {
            throw notATrace("the first line must be the header, {\"type\":\"header\",…}");
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw notATrace("the header has no schemaVersion");
        }
        int schemaVersion = version.intValue();
        if (schemaVersion > TraceHeader.SCHEMA_VERSION) {
            throw headerError("schema version " + schemaVersion + " is newer than this RingScope reads (up to "
                    + TraceHeader.SCHEMA_VERSION + "); open it with a newer RingScope");
        }
        if (schemaVersion < 1) {
            throw headerError("schema version " + schemaVersion + " is not valid");
        }
        String technique = text(node, "technique");
        RingOccupancy rings = schemaVersion >= 2 ? rings(node.get("rings")) : RingOccupancy.impliedBy(technique);
        return new TraceHeader(schemaVersion, text(node, "program"), technique, text(node, "isa"),
                text(node, "costPreset"), rings, options(node.get("options")), text(node, "createdBy"));
    }

    /** {@code "rings": {"0": "GUEST_KERNEL", "3": "GUEST_USER"}}: ring numbers −1 … 3, each a party. */
    private RingOccupancy rings(JsonNode rings) throws TraceFormatException {
        if (rings == null || rings.isNull()) {
            throw headerError("header field 'rings' is missing; a version-2 trace says who runs in each ring");
        }
        if (!rings.isObject() || rings.isEmpty()) {
            throw headerError("header field 'rings' must be an object from ring numbers (-1 to 3) to parties");
        }
        Map<Integer, Party> parties = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> ring : rings.properties()) {
            int number;
            try {
                number = Integer.parseInt(ring.getKey());
            } catch (NumberFormatException e) {
                number = Integer.MIN_VALUE;
            }
            if (!RingOccupancy.isRing(number)) {
                throw headerError("header field 'rings': '" + LineFields.shorten(ring.getKey())
                        + "' is not a ring (rings are -1 to 3)");
            }
            Party party = null;
            if (ring.getValue().isTextual()) {
                for (Party p : Party.values()) {
                    if (p.name().equals(ring.getValue().textValue())) {
                        party = p;
                    }
                }
            }
            if (party == null) {
                throw headerError("header field 'rings': ring " + number + " must name a party ("
                        + java.util.Arrays.toString(Party.values()) + "), not " + LineFields.shorten(ring.getValue().toString()));
            }
            parties.put(number, party);
        }
        return RingOccupancy.of(parties);
    }

    private String text(JsonNode header, String field) throws TraceFormatException {
        JsonNode value = header.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw headerError("header field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private Map<String, String> options(JsonNode options) throws TraceFormatException {
        Map<String, String> map = new LinkedHashMap<>();
        if (options == null || options.isNull()) {
            return map;
        }
        if (!options.isObject()) {
            throw headerError("header field 'options' must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            if (!option.getValue().isTextual()) {
                throw headerError("option '" + LineFields.shorten(option.getKey()) + "' must be a string");
            }
            map.put(option.getKey(), option.getValue().textValue());
        }
        return map;
    }

    private TraceFormatException notATrace(String why) {
        return headerError("not a RingScope trace: " + why);
    }

    private TraceFormatException headerError(String message) {
        return new TraceFormatException(source + ":" + lines.number() + ": " + message);
    }

    /** Jackson's message without its location (we give the line) and cut to one line. */
    private static String brief(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return LineFields.shorten(newline < 0 ? message : message.substring(0, newline), 160);
    }
}
