package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringscope.testing.Nasm;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random instructions of every form, printed by {@link Syntax} and assembled by the
 * real NASM: its bytes must equal the encoder's. Runs where nasm is installed (CI installs it).
 */
class NasmDifferentialTest {

    private static final long ORIGIN = 0x100000;

    @Test
    void encoderMatchesNasmOnRandomInstructions(@TempDir Path dir) throws Exception {
        Nasm.require();
        for (long seed = 1; seed <= 3; seed++) {
            List<Instruction> program = new RandomInstructions(seed).program(12, ORIGIN);
            StringBuilder text = new StringBuilder("bits 32\norg " + ORIGIN + "\n");
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            List<Long> starts = new ArrayList<>();
            for (Instruction insn : program) {
                long address = ORIGIN + ours.size();
                starts.add(address);
                Encoder.Encoding e = Encoder.encode(insn, address);
                ours.writeBytes(e.bytes());
                text.append(Syntax.format(Disassembler.withBranchSize(insn, e.form()))).append('\n');
            }
            if (System.getenv("RINGSCOPE_DUMP") != null) {
                java.nio.file.Files.writeString(Path.of(System.getenv("RINGSCOPE_DUMP")), text);
            }
            byte[] theirs = Nasm.assemble(text.toString(), dir);
            byte[] mine = ours.toByteArray();
            int diff = firstDifference(mine, theirs);
            if (diff >= 0) {
                int k = 0;
                while (k + 1 < starts.size() && starts.get(k + 1) <= ORIGIN + diff) {
                    k++;
                }
                Instruction bad = program.get(k);
                int from = (int) (starts.get(k) - ORIGIN);
                assertEquals(RoundTripProperties.hex(slice(theirs, from, 16)), RoundTripProperties.hex(slice(mine, from, 16)),
                        "first difference from NASM at " + Syntax.hex(ORIGIN + diff) + " in: "
                                + Syntax.format(Disassembler.withBranchSize(bad, Encoder.select(bad, starts.get(k)))));
            }
            assertEquals(theirs.length, mine.length, "total length, seed " + seed);
        }
    }

    private static int firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }

    private static byte[] slice(byte[] b, int from, int n) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(from + n, b.length));
    }
}
