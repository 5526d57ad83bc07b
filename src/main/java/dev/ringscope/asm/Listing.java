package dev.ringscope.asm;

import java.util.HexFormat;

/** A NASM-style listing: address, bytes (up to ten a row) and the source line that made them. */
public final class Listing {

    private static final int BYTES_PER_ROW = 10;

    private Listing() {
    }

    public static String of(Program program) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of().withUpperCase();
        for (Program.SourceMapEntry e : program.sourceMap()) {
            int offset = (int) (e.address() - program.origin());
            for (int row = 0; row * BYTES_PER_ROW < e.length(); row++) {
                int from = offset + row * BYTES_PER_ROW;
                int to = Math.min(offset + e.length(), from + BYTES_PER_ROW);
                String bytes = hex.formatHex(program.bytes(), from, to);
                sb.append(String.format("%08X  %-20s", e.address() + (long) row * BYTES_PER_ROW, bytes));
                if (row == 0) {
                    sb.append("  ").append(e.pos().file()).append(':').append(e.pos().line()).append("  ")
                            .append(e.text().strip());
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
