package dev.ringscope.isa;

/**
 * The result of decoding at one address: an instruction with the form it was encoded in and its
 * length, or — for bytes that are no instruction — an error that the CPU raises as #UD, or as
 * #GP(0) when the instruction would be longer than 15 bytes ({@link #overLength}), or — for an x87
 * instruction of a CPU without an FPU ({@link #x87}) — the device-not-available fault the machine
 * picks from CR0.
 *
 * @param faultVector the exception raised instead of running these bytes: {@link #UD}, {@link #GP}
 *                    if too long, {@link #NM} for an x87 escape (the machine then checks CR0.EM)
 */
public record Decoded(Instruction instruction, Form form, int length, String error, int faultVector) {

    public static final int UD = 6, NM = 7, GP = 13;

    public Decoded(Instruction instruction, Form form, int length) {
        this(instruction, form, length, null, 0);
    }

    public static Decoded invalid(int length, String error) {
        return new Decoded(null, null, length, error, UD);
    }

    /** SDM Vol. 2A §2.3.11: an instruction of more than 15 bytes, prefixes included, raises #GP(0). */
    public static Decoded overLength() {
        return new Decoded(null, null, Decoder.MAX_LENGTH,
                "instruction longer than 15 bytes (the limit of SDM Vol. 2A §2.3.11)", GP);
    }

    /** An x87 FPU instruction (escape opcodes D8–DF), decoded only far enough to know its length. */
    public static Decoded x87(int length, String error) {
        return new Decoded(null, null, length, error, NM);
    }

    public boolean isValid() {
        return error == null;
    }

    public boolean isX87() {
        return faultVector == NM;
    }
}
