package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Source files are UTF-8 as read from disk: a byte that is not UTF-8 is reported with its value at its
 * column when it is code, and kept as it is in a comment or a string (as NASM does); a byte-order mark
 * is accepted at the start of a file, and only there.
 */
class SourceEncodingTest {

    @TempDir
    Path dir;

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                for (int b : (int[]) p) {
                    out.write(b);
                }
            }
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private List<String> errors(Path file) {
        AsmException e = assertThrows(AsmException.class, () -> new Assembler().assembleFile(file));
        return e.errors().stream().map(AsmError::toString).toList();
    }

    /**
     * Each kind of ill-formed UTF-8 (Unicode 15, table 3-7): a lone continuation byte, a lead byte
     * with too few continuations, an overlong form, an encoded surrogate, a byte never used, and a
     * sequence cut off by the end of the file.
     */
    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"80", "BF", "C3 41", "C0 80", "E2 82", "ED A0 80", "F5 80 80 80", "FF", "F0 9F 98"})
    void anInvalidByteInCodeIsNamedAtItsColumn(String hex) throws IOException {
        int[] bad = java.util.Arrays.stream(hex.split(" ")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
        Path source = file("bad.asm", bytes("bits 32\n  mov eax, ", bad));
        List<String> errors = errors(source);
        assertEquals(source + ":2:12: error: invalid UTF-8 byte 0x" + hex.substring(0, 2), errors.get(0));
    }

    @Test
    void columnsCountCharactersNotBytes() throws IOException {
        // é is two bytes, 😀 is four bytes and two Java chars: each is one column
        Path source = file("cols.asm", bytes("db 'é😀' ,", new int[] {0xC3}, "\n"));
        assertEquals(List.of(source + ":1:10: error: invalid UTF-8 byte 0xC3"), errors(source));
    }

    @Test
    void invalidBytesInCommentsAndStringsAreKeptAsNasmKeepsThem() throws Exception {
        Path source = file("ok.asm", bytes("bits 32 ; caf", new int[] {0xE9}, "\ndb \"a", new int[] {0xC3}, "b\", `",
                new int[] {0xE9}, "\\x41`, 'é'\n"));
        Program program = new Assembler().assembleFile(source);
        assertArrayEquals(new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xE9, 'A', (byte) 0xC3, (byte) 0xA9},
                program.bytes());
    }

    @Test
    void aByteOrderMarkIsAcceptedAtTheStartOfAFileOnly() throws Exception {
        int[] bom = {0xEF, 0xBB, 0xBF};
        file("defs.inc", bytes(bom, "%define ANSWER 42\n"));
        Path main = file("main.asm", bytes(bom, "bits 32\n%include \"defs.inc\"\nmov eax, ANSWER\n"));
        assertArrayEquals(new byte[] {(byte) 0xB8, 42, 0, 0, 0}, new Assembler().assembleFile(main).bytes());

        Path firstLine = file("first.asm", bytes(bom, "mov eax, @\n"));
        assertEquals(firstLine + ":1:10: error: unexpected character `@`", errors(firstLine).get(0));

        Path later = file("later.asm", bytes("bits 32\nnop\n", bom, "nop\n"));
        assertEquals(List.of(later + ":3:1: error: unexpected character `\\ufeff`"), errors(later));
    }

    @Test
    void decodingKeepsEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = SourceText.decode(all);
        assertArrayEquals(all, SourceText.encode(text));
        assertEquals(0x80, SourceText.invalidByte(text.charAt(0x80)));
    }
}
