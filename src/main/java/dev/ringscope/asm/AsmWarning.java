package dev.ringscope.asm;

/** Something suspicious in the source that does not stop assembly (e.g. {@code %warning}). */
public record AsmWarning(SourcePos pos, String message) {

    @Override
    public String toString() {
        return pos + ": warning: " + message;
    }
}
