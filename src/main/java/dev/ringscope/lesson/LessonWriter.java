package dev.ringscope.lesson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.ringscope.asm.MiniOs;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a lesson in its file format (docs/lesson-format.md), as a person would: only the fields that differ
 * from the defaults, two-space indentation, one highlight a line. {@link LessonReader} reads back the same
 * lesson, so an edited lesson saved from the app reloads to the same steps.
 */
public final class LessonWriter {

    private LessonWriter() {
    }

    /**
     * The lesson as JSON text, to be saved as {@code target} (the guest program is written relative to the
     * target's folder when it is found there, else to samples/, else as an absolute path).
     */
    public static String write(Lesson lesson, Path target) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(new DefaultPrettyPrinter(pretty) {
                @Override
                public DefaultPrettyPrinter createInstance() {
                    return new DefaultPrettyPrinter(this);
                }

                @Override
                public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
                    g.writeRaw(": "); // "field": value, as the shipped lessons are written
                }
            });
            g.writeStartObject();
            g.writeNumberField("format", Lesson.FORMAT);
            g.writeStringField("title", lesson.title());
            g.writeStringField("program", programName(lesson.program(), target));
            g.writeStringField("technique", lesson.technique().id());
            g.writeStringField("isa", lesson.strictIsa() ? "strict" : "x86");
            g.writeStringField("cost", lesson.cost().name());
            g.writeArrayFieldStart("steps");
            for (LessonStep step : lesson.steps()) {
                step(g, step);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return out + "\n";
    }

    private static void step(JsonGenerator g, LessonStep s) throws IOException {
        g.writeStartObject();
        g.writeStringField("title", s.title());
        g.writeObjectFieldStart("runTo");
        if (s.runTo() instanceof RunPoint.AfterInstructions a) {
            g.writeNumberField("instruction", a.count());
        } else if (s.runTo() instanceof RunPoint.AtLabel a) {
            g.writeStringField("label", a.label());
            if (a.count() != 1) {
                g.writeNumberField("count", a.count());
            }
        } else if (s.runTo() instanceof RunPoint.NextEvent e) {
            g.writeStringField("event", e.kind().jsonName());
            if (e.count() != 1) {
                g.writeNumberField("count", e.count());
            }
        }
        g.writeEndObject();
        g.writeStringField("narration", s.narration().source());
        if (!s.highlights().isEmpty()) {
            g.writeArrayFieldStart("highlight");
            for (Highlight h : s.highlights()) {
                g.writeString(text(h));
            }
            g.writeEndArray();
        }
        if (s.technique().isPresent()) {
            g.writeStringField("technique", s.technique().get().id());
        }
        if (s.strictIsa().isPresent()) {
            g.writeStringField("isa", s.strictIsa().get() ? "strict" : "x86");
        }
        if (s.cost().isPresent()) {
            g.writeStringField("cost", s.cost().get().name());
        }
        if (!s.compare().isEmpty()) {
            g.writeArrayFieldStart("compare");
            for (var t : s.compare()) {
                g.writeString(t.id());
            }
            g.writeEndArray();
        }
        if (s.host().isPresent()) {
            g.writeStringField("host", s.host().get().id());
        }
        if (s.rings().isPresent()) {
            g.writeStringField("rings", s.rings().get().id());
        }
        if (!s.notes().isEmpty()) {
            g.writeStringField("notes", s.notes());
        }
        if (s.question().isPresent()) {
            Question q = s.question().get();
            g.writeObjectFieldStart("question");
            g.writeStringField("prompt", q.prompt().source());
            g.writeArrayFieldStart("choices");
            for (Markup c : q.choices()) {
                g.writeString(c.source());
            }
            g.writeEndArray();
            g.writeNumberField("answer", q.answer());
            g.writeStringField("explanation", q.explanation().source());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** A highlight as a lesson writes it: {@code "ring 0"}, {@code "register ESP"}, {@code "code user_main"}, … */
    public static String text(Highlight h) {
        if (h instanceof Highlight.Ring r) {
            return "ring " + r.ring();
        } else if (h instanceof Highlight.Register r) {
            return "register " + r.register().name();
        } else if (h instanceof Highlight.CodeLine c) {
            return "code " + (c.label() != null ? c.label() : "0x" + Long.toHexString(c.address()).toUpperCase(Locale.ROOT));
        } else if (h instanceof Highlight.VmcsField f) {
            return "vmcs " + f.field().name();
        } else if (h instanceof Highlight.ComparisonRow r) {
            return "comparison " + r.row().id();
        }
        return "crossing";
    }

    private static String programName(Path program, Path target) {
        Path abs = program.toAbsolutePath().normalize();
        Path folder = target.toAbsolutePath().normalize().getParent();
        if (folder != null && abs.startsWith(folder)) {
            return slashes(folder.relativize(abs));
        }
        try {
            Path samples = MiniOs.samplesRoot().toAbsolutePath().normalize();
            if (abs.startsWith(samples)) {
                Path relative = samples.relativize(abs);
                // the reader looks beside the lesson first: the name must not mean another file there
                if (folder == null || !Files.exists(folder.resolve(relative))) {
                    return slashes(relative);
                }
            }
        } catch (IOException e) {
            // no samples folder: the absolute path below
        }
        return abs.toString();
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
