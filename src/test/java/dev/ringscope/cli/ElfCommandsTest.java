package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.elf.TestElf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and {@code compare} take a static i386 ELF executable as a mini-OS user program. */
class ElfCommandsTest {

    @Test
    void runBootsAnElfAsTheMiniOsTask() {
        Cli r = Cli.run("run", "samples/c/nullptr.elf");
        assertEquals(ExitCodes.OK, r.code(), r.err()); // the guest ran to its end
        assertEquals("minios: starting 1 user task\nwriting 42 through a null pointer...\n"
                + "task 1 killed: page fault at 0x00000000 (write, user, protection)\n"
                + "minios: all tasks exited, exit value 255\n", r.out());
    }

    @Test
    void anElfTheMiniOsCannotRunIsOneLineAndBadInput(@TempDir Path dir) throws Exception {
        Path wide = dir.resolve("wide.elf");
        Files.write(wide, TestElf.exit7().elfClass(2).bytes());
        Path text = dir.resolve("notes.elf");
        Files.writeString(text, "not a program\n");
        for (Path bad : List.of(wide, text)) {
            for (String command : List.of("run", "compare")) {
                Cli r = Cli.run(command, bad.toString());
                assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
                assertEquals(1, r.errLines().size(), r.err());
                assertTrue(r.err().startsWith("ringscope " + command + ": " + bad + ": "), r.err());
                assertEquals("", r.out());
            }
        }
        assertTrue(Cli.run("run", wide.toString()).err().contains("64-bit"));
        assertTrue(Cli.run("run", text.toString()).err().contains("not an ELF file"));
    }

    @Test
    void compareRunsAnElfUnderEveryTechnique() {
        Cli r = Cli.run("compare", "samples/c/nullptr.elf", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        for (String t : List.of("native", "trap-emulate", "binary-translation", "paravirtual", "hardware-assisted")) {
            assertTrue(r.out().contains("\"" + t + "\""), t + " in " + r.out());
        }
    }
}
