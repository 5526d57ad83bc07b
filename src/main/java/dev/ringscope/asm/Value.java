package dev.ringscope.asm;

/**
 * The value of an expression. Relocatable means "an address inside the section" (a label,
 * {@code $} or {@code $$} plus or minus a number): NASM only chooses a short jump for such targets.
 */
public record Value(long value, boolean relocatable) {

    public static Value absolute(long value) {
        return new Value(value, false);
    }

    public static Value address(long value) {
        return new Value(value, true);
    }
}
