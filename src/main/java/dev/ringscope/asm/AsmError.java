package dev.ringscope.asm;

/** One error in the user's assembly source. */
public record AsmError(SourcePos pos, String message) {

    @Override
    public String toString() {
        return pos + ": error: " + message;
    }
}
