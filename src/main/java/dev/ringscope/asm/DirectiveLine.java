package dev.ringscope.asm;

import java.util.Locale;

/**
 * A line that starts with a preprocessor directive ({@code %define}, {@code %IF}, ...): the
 * directive name in lower case (directives are case-insensitive) and the text after it.
 */
record DirectiveLine(String name, String arguments, RawLine line) {

    /** The directive on this line, or null if the line is not a directive. */
    static DirectiveLine of(RawLine line) {
        String text = line.text();
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i + 1 >= text.length() || text.charAt(i) != '%' || !Character.isLetter(text.charAt(i + 1))) {
            return null;
        }
        int end = i + 1;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        return new DirectiveLine(text.substring(i + 1, end).toLowerCase(Locale.ROOT), text.substring(end).strip(), line);
    }

    boolean isConditional() {
        return name.startsWith("if") || name.startsWith("elif") || name.equals("else") || name.equals("endif");
    }

    /** Where the directive's arguments start, for error columns. */
    SourcePos argumentsPos() {
        return arguments.isEmpty() ? directivePos() : line.posOf(arguments);
    }

    SourcePos directivePos() {
        return line.pos().withColumn(line.text().indexOf('%') + 1);
    }

    /** The leading identifier of the arguments (a macro name), or "" if there is none. */
    String firstWord() {
        if (arguments.isEmpty() || !Lexer.isIdentifierStart(arguments.charAt(0))) {
            return "";
        }
        return arguments.substring(0, PpToken.wordEnd(arguments, 1));
    }

    /** Where the text after the first word starts (the expression of %assign). */
    SourcePos afterFirstWordPos() {
        String rest = afterFirstWord();
        if (rest.isEmpty()) {
            return argumentsPos();
        }
        int offset = arguments.indexOf(rest, firstWord().length());
        return argumentsPos().withColumn(argumentsPos().column() + offset);
    }

    /** The arguments after the first word, stripped. */
    String afterFirstWord() {
        return arguments.substring(firstWord().length()).strip();
    }
}
