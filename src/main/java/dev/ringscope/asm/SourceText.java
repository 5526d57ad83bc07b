package dev.ringscope.asm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Source files are UTF-8, but NASM itself reads bytes: a byte that is not UTF-8 may sit in a comment
 * or a string (where NASM copies it as it is) and is an error anywhere else. So decoding keeps each
 * such byte as one char of its own, U+DC80 + (byte − 0x80) (a lone low surrogate, which valid UTF-8
 * never decodes to — Python's "surrogateescape"): a string gives the byte back, and the lexer
 * reports "invalid UTF-8 byte 0xC3" at its column instead of an anonymous U+FFFD.
 */
public final class SourceText {

    /** U+FEFF at the very start of a file: a UTF-8 byte-order mark, which editors on Windows write. */
    static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final char ESCAPE_BASE = '\uDC00';

    private SourceText() {
    }

    /** The text of a UTF-8 file, each byte that is not UTF-8 kept as an escape char. */
    public static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (result.isOverflow()) {
                throw new IllegalStateException("UTF-8 decoded to more chars than bytes"); // cannot happen
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (ESCAPE_BASE + (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** Whether {@code c} stands for a byte of the file that is not UTF-8. */
    public static boolean isInvalidByte(char c) {
        return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xFF;
    }

    /** The byte {@code c} stands for; only when {@link #isInvalidByte}. */
    static int invalidByte(char c) {
        return c - ESCAPE_BASE;
    }

    /** {@code text} drops a byte-order mark at its start (only there: anywhere else it is a character). */
    static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** The bytes of {@code text} as the file had them: UTF-8, and each invalid byte as it was. */
    static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int run = 0; // start of the stretch of ordinary text not yet written
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isInvalidByte(c)) {
                out.writeBytes(text.substring(run, i).getBytes(StandardCharsets.UTF_8));
                out.write(invalidByte(c));
                run = i + 1;
            }
        }
        out.writeBytes(text.substring(run).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
