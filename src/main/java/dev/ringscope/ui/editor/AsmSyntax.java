package dev.ringscope.ui.editor;

import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Register;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Syntax colouring for RingScope's assembler (NASM's Intel syntax): comments, strings, numbers, labels,
 * preprocessor and data directives, registers and the mnemonics the instruction table knows — so a
 * misspelt mnemonic stays plain and stands out before the assembler says so. Each span's style class is
 * {@code asm-<kind>}; the colours are the theme's (assets/css/base.css).
 */
public final class AsmSyntax {

    /** What a run of characters is. */
    public enum Kind {
        COMMENT, STRING, NUMBER, LABEL, DIRECTIVE, REGISTER, MNEMONIC, PLAIN;

        public String styleClass() {
            return "asm-" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** A run of one kind from {@code start} (inclusive) to {@code end} (exclusive) in the text. */
    public record Token(Kind kind, int start, int end) {
    }

    private static final Set<String> DIRECTIVES = Set.of("db", "dw", "dd", "dq", "resb", "resw", "resd", "resq",
            "times", "equ", "org", "bits", "align", "section", "segment", "global", "extern", "use32", "use16",
            "incbin", "struc", "endstruc", "istruc", "iend", "at", "cpu", "default");
    private static final Set<String> SIZES = Set.of("byte", "word", "dword", "qword", "short", "near", "far",
            "strict", "ptr");
    private static final Set<String> PREFIXES = Set.of("rep", "repe", "repz", "repne", "repnz", "lock");

    private static final Pattern TOKEN = Pattern.compile(
            "(?<comment>;.*)"
            + "|(?<string>'[^'\\n]*'?|\"[^\"\\n]*\"?|`[^`\\n]*`?)"
            + "|(?<pre>%%?[A-Za-z_.$?@][\\w.$?@#~]*|%[0-9]+)"
            + "|(?<word>[A-Za-z_.$?@][\\w.$?@#~]*:?)"
            + "|(?<number>\\$?[0-9][\\w.]*)");

    private static final Pattern REST_OF_LABEL_LINE = Pattern.compile("[ \\t]*(;.*)?");

    private AsmSyntax() {
    }

    /** The coloured runs of {@code text}, in order; text between runs is plain. */
    public static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int lineStart = 0;
        boolean sawWordOnLine = false;
        int lastNewline = -1;
        while (m.find()) {
            int nl = text.lastIndexOf('\n', m.start() - 1);
            if (nl != lastNewline) {
                lastNewline = nl;
                lineStart = nl + 1;
                sawWordOnLine = false;
            }
            if (m.group("comment") != null) {
                out.add(new Token(Kind.COMMENT, m.start(), m.end()));
            } else if (m.group("string") != null) {
                out.add(new Token(Kind.STRING, m.start(), m.end()));
            } else if (m.group("pre") != null) {
                out.add(new Token(Kind.DIRECTIVE, m.start(), m.end()));
                sawWordOnLine = true;
            } else if (m.group("number") != null) {
                out.add(new Token(Kind.NUMBER, m.start(), m.end()));
            } else {
                String word = m.group("word");
                Kind kind = classify(word, !sawWordOnLine, text, lineStart, m.start());
                if (kind != Kind.PLAIN) {
                    out.add(new Token(kind, m.start(), m.end()));
                }
                if (kind != Kind.LABEL || !word.endsWith(":")) {
                    sawWordOnLine = sawWordOnLine || kind != Kind.LABEL;
                }
            }
        }
        return out;
    }

    private static Kind classify(String word, boolean firstOnLine, String text, int lineStart, int at) {
        if (word.endsWith(":")) {
            return Kind.LABEL;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (Register.byName(lower) != null) {
            return Kind.REGISTER;
        }
        if (DIRECTIVES.contains(lower) || SIZES.contains(lower)) {
            return Kind.DIRECTIVE;
        }
        if (Mnemonic.byName(lower) != null || PREFIXES.contains(lower)) {
            return Kind.MNEMONIC;
        }
        // a label without a colon, alone at the start of a line ("start" before an instruction on the next)
        if (firstOnLine && at == lineStart) {
            int eol = text.indexOf('\n', at);
            String rest = text.substring(at + word.length(), eol < 0 ? text.length() : eol);
            if (REST_OF_LABEL_LINE.matcher(rest).matches()) {
                return Kind.LABEL;
            }
        }
        return Kind.PLAIN;
    }

    /** The runs as RichTextFX style spans covering the whole text (one class, or none, per span). */
    public static StyleSpans<Collection<String>> spans(String text) {
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int at = 0;
        for (Token t : tokens(text)) {
            spans.add(List.of(), t.start() - at);
            spans.add(List.of(t.kind().styleClass()), t.end() - t.start());
            at = t.end();
        }
        spans.add(List.of(), text.length() - at);
        return spans.create();
    }
}
