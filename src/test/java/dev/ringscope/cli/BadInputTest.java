package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad command line a user can type, on every command: one short message that names
 * the option or the file (quoted) and says what is wrong; exit code 2; no file left behind.
 */
class BadInputTest {

    private static final String HELLO = "samples/user/hello.asm";
    private static final String FORMS = "src/test/resources/golden/forms.bin";
    private static final String SOURCE = "src/test/resources/golden/directives.asm";

    static Stream<Arguments> badOptionValues() {
        return Stream.of(
                Arguments.of("render", List.of("render", HELLO, "--at", "abc", "-o", "v.png"), "--at"),
                Arguments.of("render", List.of("render", HELLO, "--at", "99999999999999999999", "-o", "v.png"), "--at"),
                Arguments.of("run", List.of("run", HELLO, "--max-instructions", "99999999999999999999"),
                        "--max-instructions"),
                Arguments.of("run", List.of("run", HELLO, "--max-instructions", "1e6"), "--max-instructions"),
                Arguments.of("compare", List.of("compare", HELLO, "--max-instructions", ""), "--max-instructions"),
                Arguments.of("disasm", List.of("disasm", FORMS, "--org", "banana"), "--org"),
                Arguments.of("bench", List.of("bench", "--runs", "9999999999"), "--runs"),
                Arguments.of("bench", List.of("bench", "--warmup", "-"), "--warmup"),
                Arguments.of("run", List.of("run", HELLO, "--no-such-option"), "--no-such-option"),
                Arguments.of("asm", List.of("asm"), "FILE.asm"),
                Arguments.of("asm", List.of("asm", SOURCE, "-D", ""), "'' is not a macro name"),
                Arguments.of("run", List.of("run", HELLO, "-D", "a b=1"), "'a b' is not a macro name"),
                Arguments.of("compare", List.of("compare", HELLO, "-D", "=1"), "--define"),
                Arguments.of("render", List.of("render", HELLO), "--output"),
                Arguments.of("classify", List.of("classify", "extra"), "extra"),
                Arguments.of("", List.of("frobnicate"), "frobnicate"),
                Arguments.of("", List.of(), "a command is required"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOptionValues")
    void aBadOptionValueGivesTheErrorAndOneLinePointingAtHelp(String command, List<String> args, String named) {
        Cli r = Cli.run(args.toArray(String[]::new));
        String name = command.isEmpty() ? "ringscope" : "ringscope " + command;
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(2, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith(name + ": "), r.err());
        assertTrue(r.errLines().get(0).contains(named), r.err());
        assertEquals("Try '" + name + " --help' for more information.", r.errLines().get(1));
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    /** Each command that writes a file, with the option that names it and the arguments it needs. */
    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of(List.of("asm", SOURCE, "-o")),
                Arguments.of(List.of("run", HELLO, "--trace")),
                Arguments.of(List.of("render", HELLO, "--size", "320x240", "-o")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void everyBadOutputPathIsNamedInOneLineAndNothingIsCreated(List<String> command, @TempDir Path dir)
            throws IOException {
        Path aFile = Files.writeString(dir.resolve("plain.txt"), "not a folder");
        Path aFolder = Files.createDirectory(dir.resolve("folder"));
        String[][] cases = {
            {"", "the file name is empty"},
            {aFolder.toString(), "it is a folder"},
            {dir.resolve("missing/out.x").toString(), "no such folder '" + dir.resolve("missing") + "'"},
            {aFile.resolve("out.x").toString(), "'" + aFile + "' is not a folder"},
        };
        for (String[] c : cases) {
            List<String> before = listing(dir);
            List<String> args = new ArrayList<>(command);
            args.add(c[0]);
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertEquals(List.of("ringscope " + command.get(0) + ": cannot write '" + c[0] + "': " + c[1]),
                    r.errLines().stream().map(l -> l.replace(", not a file", "")).toList());
            assertEquals(before, listing(dir), "nothing is created for " + c[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void aCommandThatFailsLeavesAnExistingOutputAsItWasAndNoTemporaryFile(List<String> command, @TempDir Path dir)
            throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.asm"), "bits 32\nfrobnicate eax\n");
        Path out = Files.writeString(dir.resolve("out.x"), "the previous contents");
        List<String> args = new ArrayList<>(command);
        args.set(1, bad.toString());
        args.add(out.toString());
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("bad.asm:2:"), r.err());
        assertEquals("the previous contents", Files.readString(out));
        assertEquals(List.of("bad.asm", "out.x"), listing(dir));
    }

    @Test
    void aWrittenFileReplacesTheOldOneWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path out = Files.writeString(dir.resolve("d.bin"), "old");
        Cli r = Cli.run("asm", SOURCE, "-o", out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(Files.size(Path.of("src/test/resources/golden/directives.bin")), Files.size(out));
        assertEquals(List.of("d.bin"), listing(dir));
    }

    /** Each command that reads a file the user names. */
    static Stream<Arguments> readers() {
        return Stream.of(
                Arguments.of(List.of("asm")),
                Arguments.of(List.of("disasm")),
                Arguments.of(List.of("run")),
                Arguments.of(List.of("compare")),
                Arguments.of(List.of("render", "-o", "never-written.png")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void everyBadInputPathIsNamedQuotedWithTheReason(List<String> command, @TempDir Path dir) throws IOException {
        Path aFile = Files.writeString(dir.resolve("plain.asm"), "nop\n");
        String[][] cases = {
            {"", "the file name is empty"},
            {dir.toString(), "it is a folder, not a file"},
            {dir.resolve("missing.asm").toString(), "no such file"},
            {dir.resolve("gone/x.asm").toString(), "no such folder '" + dir.resolve("gone") + "'"},
            {aFile.resolve("x.asm").toString(), "'" + aFile + "' is not a folder"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(command);
            args.add(1, c[0]);
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertEquals(List.of("ringscope " + command.get(0) + ": cannot read '" + c[0] + "': " + c[1]), r.errLines());
        }
        assertFalse(Files.exists(Path.of("never-written.png")));
    }

    @Test
    void aDefineMayHaveNoValueLikeNasmsD(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("d.asm"), "%ifdef FAST\ndb 1\n%else\ndb 2\n%endif\n");
        Path out = dir.resolve("d.bin");
        Cli r = Cli.run("asm", source.toString(), "-D", "FAST", "-o", out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(1, Files.readAllBytes(out)[0]);
    }

    @Test
    void aMissingIncludeFileGivesTheReasonNotThePathAgain(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("folder.inc"));
        Path source = Files.writeString(dir.resolve("i.asm"), "%include \"gone.inc\"\n%include \"folder.inc\"\n");
        Cli r = Cli.run("asm", source.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("tried '" + dir.resolve("gone.inc") + "' (no such file)"), r.err());
        assertTrue(r.err().contains("tried '" + dir.resolve("folder.inc") + "' (it is a folder, not a file)"), r.err());
    }

    @Test
    void eachOptionsCheckNamesOnlyThatOption() {
        assertOnlyNames(Cli.run("render", HELLO, "--at", "-1", "-o", "v.png"), "--at", "--size");
        assertOnlyNames(Cli.run("render", HELLO, "--size", "100x100", "-o", "v.png"), "--size", "--at");
        assertOnlyNames(Cli.run("render", HELLO, "--size", "1920x1080x3", "-o", "v.png"), "--size", "--at");
        assertOnlyNames(Cli.run("bench", "--runs", "0"), "--runs", "--instructions", "--warmup");
        assertOnlyNames(Cli.run("bench", "--instructions", "10"), "--instructions", "--runs", "--warmup");
        assertOnlyNames(Cli.run("bench", "--warmup", "-1"), "--warmup", "--instructions", "--runs");
        assertOnlyNames(Cli.run("run", HELLO, "--max-instructions", "0"), "--max-instructions", "--trace");
        assertOnlyNames(Cli.run("compare", HELLO, "--max-instructions", "-5"), "--max-instructions", "--techniques");
    }

    private static void assertOnlyNames(Cli r, String option, String... others) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(option), r.err());
        for (String other : others) {
            assertFalse(r.err().contains(other), r.err());
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
