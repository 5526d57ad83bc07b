package dev.ringscope.isa;

/**
 * The result of decoding at one address: an instruction with the form it was encoded in and its
 * length, or — for bytes that are no instruction — an error that the CPU raises as #UD.
 */
public record Decoded(Instruction instruction, Form form, int length, String error) {

    public static Decoded invalid(int length, String error) {
        return new Decoded(null, null, length, error);
    }

    public boolean isValid() {
        return error == null;
    }
}
