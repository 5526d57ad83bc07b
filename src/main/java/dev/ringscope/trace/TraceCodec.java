package dev.ringscope.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One form of trace file: JSON Lines ({@code .jsonl}, for people and {@code jq}) or the compact
 * binary form ({@code .rstrace}, for millions of events). The file's extension chooses the form,
 * through {@link #forFile}, wherever a trace is written or read.
 */
public sealed interface TraceCodec permits JsonLinesCodec, CompactCodec {

    TraceCodec JSON_LINES = new JsonLinesCodec();
    TraceCodec COMPACT = new CompactCodec();
    List<TraceCodec> ALL = List.of(JSON_LINES, COMPACT);

    /** The extension with its dot: {@code .jsonl}, {@code .rstrace}. */
    String extension();

    /** In words, for messages: {@code JSON Lines}. */
    String description();

    /** Writes the header now, the events as they come; closing finishes the file and closes {@code out}. */
    TraceOutput writer(OutputStream out, TraceHeader header) throws IOException;

    /** Reads the header now; {@code source} names the input in messages. Closing closes {@code in}. */
    TraceInput reader(InputStream in, String source) throws IOException;

    /**
     * About how many events a file of this form holds, never fewer than it can (for refusing to load
     * what cannot fit in memory before reading it).
     */
    long mostEvents(Path file, long size) throws IOException;

    /** The form a file's name says, or {@code null} when it names neither. */
    static TraceCodec byName(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (TraceCodec codec : ALL) {
            if (text.endsWith(codec.extension())) {
                return codec;
            }
        }
        return null;
    }

    /** Whether the file's name says it is a trace. */
    static boolean isTrace(Path file) {
        return byName(file) != null;
    }

    /**
     * The form to write a file in: compact for {@code .rstrace}, else JSON Lines (as before there
     * were two forms, so {@code --trace /dev/stdout} still pipes into {@code jq}).
     */
    static TraceCodec forOutput(Path file) {
        TraceCodec codec = byName(file);
        return codec == null ? JSON_LINES : codec;
    }

    /** The form a file's name says. */
    static TraceCodec forFile(Path file) throws TraceFormatException {
        TraceCodec codec = byName(file);
        if (codec == null) {
            throw new TraceFormatException(file.getFileName() + ": a trace file is named .jsonl (JSON Lines) or "
                    + ".rstrace (compact)");
        }
        return codec;
    }
}
