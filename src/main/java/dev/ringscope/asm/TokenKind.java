package dev.ringscope.asm;

/** What kind of thing a {@link Token} is. */
public enum TokenKind {
    IDENTIFIER, NUMBER, STRING, OPERATOR, LBRACKET, RBRACKET, LPAREN, RPAREN, COMMA, COLON,
    /** {@code $}: the address of the current line. */
    DOLLAR,
    /** {@code $$}: the start of the current section. */
    DOUBLE_DOLLAR,
    END
}
