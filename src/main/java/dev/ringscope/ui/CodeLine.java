package dev.ringscope.ui;

import dev.ringscope.asm.Program;
import java.util.HexFormat;

/**
 * One row of the {@link CodeView}: a source line that emitted bytes, a label, or a disassembled
 * instruction.
 *
 * @param address  the linear address of its first byte (a label: the address it names)
 * @param bytes    the bytes it emitted, at most {@link #BYTES_SHOWN} kept; empty for a label
 * @param length   how many bytes it emitted in all
 * @param location where it came from, compactly ({@code hello.asm:18}); empty in a disassembly
 * @param text     the source text, the label with its colon, or the disassembled instruction
 */
record CodeLine(int address, byte[] bytes, int length, String location, String text) {

    /** A long {@code db} or {@code times} line shows its first bytes and an ellipsis. */
    static final int BYTES_SHOWN = 8;

    CodeLine {
        bytes = bytes.length > BYTES_SHOWN ? java.util.Arrays.copyOf(bytes, BYTES_SHOWN) : bytes.clone();
    }

    static CodeLine label(int address, String name) {
        return new CodeLine(address, new byte[0], 0, "", name + ":");
    }

    /** A line of an assembled program, with its bytes taken from the image. */
    static CodeLine of(Program program, Program.SourceMapEntry entry, String location) {
        byte[] bytes = program.bytesAt(entry.address(), Math.min(entry.length(), BYTES_SHOWN));
        return new CodeLine((int) entry.address(), bytes, entry.length(), location, entry.text().strip());
    }

    /** A label has no bytes and takes no breakpoint. */
    boolean isLabel() {
        return length == 0;
    }

    String addressText() {
        return String.format("%08X", address);
    }

    String bytesText() {
        String hex = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
        return length > bytes.length ? hex + " …" : hex;
    }
}
