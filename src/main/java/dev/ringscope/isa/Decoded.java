package dev.ringscope.isa;

/**
 * The result of decoding at one address: an instruction with the form it was encoded in and its
 * length, or — for bytes that are no instruction — an error that the CPU raises as #UD, or as
 * #GP(0) when the instruction would be longer than 15 bytes ({@link #overLength}).
 */
public record Decoded(Instruction instruction, Form form, int length, String error, boolean tooLong) {

    /** The vectors an undecodable instruction raises: #UD, and #GP for one that is too long. */
    public static final int UD = 6, GP = 13;

    public Decoded(Instruction instruction, Form form, int length) {
        this(instruction, form, length, null, false);
    }

    public static Decoded invalid(int length, String error) {
        return new Decoded(null, null, length, error, false);
    }

    /** SDM Vol. 2A §2.3.11: an instruction of more than 15 bytes, prefixes included, raises #GP(0). */
    public static Decoded overLength() {
        return new Decoded(null, null, Decoder.MAX_LENGTH,
                "instruction longer than 15 bytes (the limit of SDM Vol. 2A §2.3.11)", true);
    }

    public boolean isValid() {
        return error == null;
    }

    /** The exception the CPU raises instead of running these bytes: {@link #GP} if too long, else {@link #UD}. */
    public int faultVector() {
        return tooLong ? GP : UD;
    }
}
