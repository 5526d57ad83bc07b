package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static Cli run(String... args) {
        return Cli.run(args);
    }

    @Test
    void asmWritesNasmsBytes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.bin");
        Cli r = run("asm", GOLDEN.resolve("directives.asm").toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(GOLDEN.resolve("directives.bin")), Files.readAllBytes(out));
    }

    @Test
    void listingShowsAddressBytesAndSource() {
        Cli r = run("asm", GOLDEN.resolve("directives.asm").toString(), "--listing");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("00100000  BC00900000 +\\S*directives.asm:\\d+  mov esp, 0x9000")),
                r.out().lines().findFirst().orElse(""));
    }

    @Test
    void disassemblyAssemblesBackToTheSameBytes(@TempDir Path dir) throws Exception {
        Cli dis = run("disasm", GOLDEN.resolve("forms.bin").toString(), "--org", "0x100000");
        assertEquals(0, dis.code(), dis.err());
        Path source = dir.resolve("again.asm");
        Files.writeString(source, dis.out());
        Path bin = dir.resolve("again.bin");
        Cli asm = run("asm", source.toString(), "-o", bin.toString());
        assertEquals(0, asm.code(), asm.err());
        assertArrayEquals(Files.readAllBytes(GOLDEN.resolve("forms.bin")), Files.readAllBytes(bin));
    }

    @Test
    void badAssemblyExitsTwoWithEveryErrorAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.asm");
        Files.writeString(bad, "bits 32\nmov eax,\nfrobnicate\njmp nowhere\n");
        Cli r = run("asm", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.asm:2:"), r.err());
        assertTrue(r.err().contains("bad.asm:4:5: error: symbol 'nowhere' is not defined"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().code());
        assertEquals(2, run("asm").code());
        assertEquals(2, run("asm", "no/such/file.asm").code());
        assertEquals("ringscope asm: cannot read 'no/such/file.asm': no such folder 'no/such'\n",
                run("asm", "no/such/file.asm").err());
        assertEquals(2, run("disasm", GOLDEN.resolve("forms.bin").toString(), "--org", "banana").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(0, run("--help").code());
        assertEquals(0, run("asm", "--help").code());
    }
}
