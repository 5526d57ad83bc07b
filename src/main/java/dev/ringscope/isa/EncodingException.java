package dev.ringscope.isa;

/** An instruction that has no encoding: wrong operands, a size that cannot be known, a jump out of range. */
public final class EncodingException extends Exception {
    public EncodingException(String message) {
        super(message);
    }
}
