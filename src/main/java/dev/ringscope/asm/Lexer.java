package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/** Splits one preprocessed source line into NASM tokens; a comment ({@code ;}) ends the line. */
public final class Lexer {

    /** Longest first, so {@code <<} is not read as two {@code <}. */
    private static final String[] OPERATORS = {
        "<<<", ">>>", "<<", ">>", "//", "%%", "==", "!=", "<=", ">=", "<>", "&&", "||", "^^",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "="
    };

    private static final String OPERATOR_CHARS = "+-*/%&|^~!<>=";

    private final String line;
    private final String file;
    private final int lineNumber;
    private final Diagnostics diag;
    private final List<Token> tokens = new ArrayList<>();
    private final boolean hasSurrogatePairs;
    private int pos;

    private Lexer(String line, String file, int lineNumber, Diagnostics diag) {
        this.line = line;
        this.hasSurrogatePairs = line.chars().anyMatch(c -> Character.isHighSurrogate((char) c));
        this.file = file;
        this.lineNumber = lineNumber;
        this.diag = diag;
    }

    public static List<Token> tokenize(String lineText, String file, int line, Diagnostics diag) {
        Lexer lexer = new Lexer(lineText, file, line, diag);
        lexer.scan();
        return lexer.tokens;
    }

    /** NASM: letters, digits and {@code _ $ # @ ~ . ?} may appear in an identifier. */
    static boolean isIdentifierPart(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || "_$#@~.?".indexOf(c) >= 0;
    }

    static boolean isIdentifierStart(char c) {
        return isAsciiLetter(c) || c == '.' || c == '_' || c == '?';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void scan() {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == ';') {
                break;
            }
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (isDigit(c)) {
                number(pos);
            } else if (c == '$') {
                dollar();
            } else if (isIdentifierStart(c)) {
                identifier(pos, pos);
            } else if (QuotedString.isQuote(c)) {
                string();
            } else if (SourceText.isInvalidByte(c)) {
                if (!diag.isFull()) {
                    error(pos, String.format("invalid UTF-8 byte 0x%02X", SourceText.invalidByte(c)));
                }
                pos++;
            } else if (!punctuation(c) && !operator()) {
                int cp = line.codePointAt(pos);
                if (!diag.isFull()) { // a garbage file has millions of these: skip building messages
                    error(pos, "unexpected character `" + printable(cp) + "`");
                }
                pos += Character.charCount(cp); // one error for a character outside the BMP, not one a half
            }
        }
        add(TokenKind.END, "", 0, pos);
    }

    /** {@code $} alone, {@code $$}, {@code $1F} (hex) or {@code $name} (a name that may be a keyword). */
    private void dollar() {
        char next = pos + 1 < line.length() ? line.charAt(pos + 1) : '\0';
        if (next == '$') {
            add(TokenKind.DOUBLE_DOLLAR, "$$", 0, pos);
            pos += 2;
        } else if (isDigit(next)) {
            number(pos);
        } else if (next != '\0' && isIdentifierPart(next)) {
            identifier(pos, pos + 1);
        } else {
            add(TokenKind.DOLLAR, "$", 0, pos);
            pos++;
        }
    }

    private void identifier(int start, int nameStart) {
        int end = nameStart;
        while (end < line.length() && isIdentifierPart(line.charAt(end))) {
            end++;
        }
        add(TokenKind.IDENTIFIER, line.substring(nameStart, end), 0, start);
        pos = end;
    }

    private void number(int start) {
        int end = start + 1;
        while (end < line.length() && (isIdentifierPart(line.charAt(end)) && line.charAt(end) != '.'
                || line.charAt(end) == '.' && end + 1 < line.length() && isDigit(line.charAt(end + 1)))) {
            end++;
        }
        String word = line.substring(start, end);
        pos = end;
        if (word.indexOf('.') >= 0) {
            error(start, "floating-point constant `" + word + "` is not supported");
            return;
        }
        NumberLiteral.Result number = NumberLiteral.parse(word);
        if (!number.ok()) {
            error(start, number.error());
            return;
        }
        if (number.overflow()) {
            diag.warning(at(start), "numeric constant `" + word + "` does not fit in 64 bits");
        }
        add(TokenKind.NUMBER, word, number.value(), start);
    }

    private void string() {
        QuotedString.Result s = QuotedString.read(line, pos);
        if (s.end() < 0) {
            error(pos, "unterminated string (missing closing " + line.charAt(pos) + ")");
            pos = line.length();
        } else {
            add(TokenKind.STRING, s.content(), QuotedString.littleEndianValue(s.content()), pos);
            pos = s.end();
        }
    }

    private boolean punctuation(char c) {
        TokenKind kind = switch (c) {
            case '[' -> TokenKind.LBRACKET;
            case ']' -> TokenKind.RBRACKET;
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case ',' -> TokenKind.COMMA;
            case ':' -> TokenKind.COLON;
            default -> null;
        };
        if (kind == null) {
            return false;
        }
        add(kind, String.valueOf(c), 0, pos);
        pos++;
        return true;
    }

    private boolean operator() {
        if (OPERATOR_CHARS.indexOf(line.charAt(pos)) < 0) {
            return false; // the common case for garbage: skip the table scan
        }
        for (String op : OPERATORS) {
            if (line.startsWith(op, pos)) {
                add(TokenKind.OPERATOR, op, 0, pos);
                pos += op.length();
                return true;
            }
        }
        return false;
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                : String.format(c > 0xFFFF ? "\\U%08x" : "\\u%04x", c);
    }

    /** Columns count characters as an editor does: a character outside the BMP is one column, not two. */
    private SourcePos at(int index) {
        int column = hasSurrogatePairs ? line.codePointCount(0, index) + 1 : index + 1;
        return new SourcePos(file, lineNumber, column);
    }

    private void add(TokenKind kind, String text, long value, int index) {
        tokens.add(new Token(kind, text, value, at(index)));
    }

    private void error(int index, String message) {
        diag.error(at(index), message);
    }
}
