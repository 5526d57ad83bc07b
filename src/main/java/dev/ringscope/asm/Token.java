package dev.ringscope.asm;

/**
 * One lexical token of a preprocessed line.
 *
 * @param value for NUMBER the number; for STRING the little-endian packing of its first 8 bytes,
 *              which is what NASM uses when a string stands for a number ({@code mov eax, 'abcd'})
 * @param text  the source text; for STRING the decoded content, one char per byte (0..255)
 */
public record Token(TokenKind kind, String text, long value, SourcePos pos) {

    public boolean is(TokenKind k) {
        return kind == k;
    }

    public boolean isOperator(String op) {
        return kind == TokenKind.OPERATOR && text.equals(op);
    }

    /** The bytes of a STRING token, as {@code db} would emit them. */
    public byte[] bytes() {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) text.charAt(i);
        }
        return out;
    }
}
