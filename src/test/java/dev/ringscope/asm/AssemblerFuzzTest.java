package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Damaged and random assembly source: the real samples (samples/user, samples/minios, the golden files)
 * with lines deleted, doubled and swapped, tokens changed, hostile lines put in (an unclosed %macro, a
 * %rep of a billion, a file that includes itself, an expression nested 100 000 deep, a huge TIMES, bytes
 * that are not UTF-8). Whatever the text, assembling ends quickly with a program or with an
 * {@link AsmException} whose every error names a line and column of a file that exists — never
 * another exception, never a hang.
 */
class AssemblerFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(60); // a hang guard; slow is not a failure here

    /** Every source of the corpus, by absolute path. */
    private static final Map<Path, String> CORPUS = new HashMap<>();
    private static final List<Path> FILES = new ArrayList<>();
    private static final List<String> TOKENS = new ArrayList<>();

    static {
        for (String dir : new String[] {"samples/user", "samples/minios", "src/test/resources/golden"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".asm") || f.toString().endsWith(".inc"))
                        .sorted().toList()) {
                    Path key = key(p);
                    CORPUS.put(key, SourceText.decode(Files.readAllBytes(p)));
                    FILES.add(key);
                }
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        java.util.regex.Pattern token = java.util.regex.Pattern.compile(
                "[%A-Za-z_.$@?][\\w.$@?#~]*|0[xX][0-9a-fA-F]+|\\d+|\\S");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        CORPUS.values().forEach(text -> {
            Matcher m = token.matcher(text);
            while (m.find()) {
                seen.add(m.group());
            }
        });
        TOKENS.addAll(seen);
    }

    /** One try: the files as this try has them, which one was damaged, and how it is built. */
    record Case(Map<Path, String> files, Path damaged, boolean inMiniOs, Path userProgram) {

        String show() {
            return (inMiniOs ? "mini OS with " + userProgram : "assembled alone") + "; damaged " + damaged + ":\n"
                    + files.get(damaged);
        }
    }

    @Test
    void damagedSamplesAssembleOrSayWhereTheyAreWrong() {
        Fuzzing.run("asm-damaged", 300, HANG, AssemblerFuzzTest::damagedCase, Case::show,
                AssemblerFuzzTest::assemblesOrSaysWhere);
    }

    @Test
    void randomTextAssemblesOrSaysWhereItIsWrong() {
        Fuzzing.run("asm-random", 2000, HANG, random -> {
            Path file = key(Path.of("random.asm"));
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                int words = random.nextInt(8);
                for (int w = 0; w < words; w++) {
                    text.append(random.nextInt(4) == 0 ? randomChars(random, 1 + random.nextInt(4)) : pick(random, TOKENS))
                            .append(random.nextInt(3) == 0 ? "" : " ");
                }
                text.append(random.nextInt(10) == 0 ? hostile(random, "random.asm") : "").append('\n');
            }
            Map<Path, String> files = new HashMap<>(CORPUS);
            files.put(file, text.toString());
            return new Case(files, file, false, null);
        }, Case::show, AssemblerFuzzTest::assemblesOrSaysWhere);
    }

    // ---------------------------------------------------------------- making cases

    private static Case damagedCase(Random random) {
        Path target = pick(random, FILES);
        Map<Path, String> files = new HashMap<>(CORPUS);
        files.put(target, damaged(random, CORPUS.get(target), target.getFileName().toString()));
        boolean userProgram = target.startsWith(key(Path.of("samples/user"))) && target.toString().endsWith(".asm");
        boolean miniOsPart = target.startsWith(key(Path.of("samples/minios"))) || target.endsWith("lib.inc");
        if ((userProgram || miniOsPart) && random.nextInt(3) == 0) {
            Path program = userProgram ? target : pick(random, FILES.stream()
                    .filter(f -> f.startsWith(key(Path.of("samples/user"))) && f.toString().endsWith(".asm")).toList());
            return new Case(files, target, true, program);
        }
        return new Case(files, target, false, null);
    }

    static String damaged(Random random, String text, String selfName) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(9)) {
                case 0 -> {
                    int n = Math.min(1 + random.nextInt(8), lines.size() - at);
                    lines.subList(at, at + n).clear();
                    if (lines.isEmpty()) {
                        lines.add("");
                    }
                }
                case 1 -> lines.add(at, lines.get(at));
                case 2 -> java.util.Collections.swap(lines, at, random.nextInt(lines.size()));
                case 3, 4 -> lines.add(at, hostile(random, selfName));
                case 5, 6 -> lines.set(at, tokenEdit(random, lines.get(at)));
                case 7 -> lines.set(at, charEdit(random, lines.get(at)));
                default -> {
                    String joined = String.join("\n", lines);
                    int cut = random.nextInt(joined.length() + 1);
                    lines = new ArrayList<>(List.of(joined.substring(0, cut).split("\n", -1)));
                }
            }
        }
        return String.join("\n", lines);
    }

    /** A line (or a few) made to hurt: unclosed blocks, runaway repetition, self-reference, huge values. */
    static String hostile(Random random, String selfName) {
        String[] counts = {"0", "1", "3", "1000", "1000000", "1000000000", "-1", "0x7FFFFFFFFFFFFFFF", "1/0", "$",
            "x", "99999999999999999999999", "0x4000000", "67108864", "'ab'"};
        int depth = new int[] {3, 200, 5000, 100_000}[random.nextInt(4)];
        return switch (random.nextInt(30)) {
            case 0 -> "%macro m" + random.nextInt(3) + " " + random.nextInt(3);
            case 1 -> new String[] {"%endmacro", "%endrep", "%endif", "%else", "%elif 1", "%exitrep", "%exitmacro"}[
                    random.nextInt(7)];
            case 2 -> "%rep " + pick(random, counts);
            case 3 -> "%rep " + pick(random, counts) + "\n" + pick(random, TOKENS) + "\n%endrep";
            case 4 -> "%include \"" + selfName + "\"";
            case 5 -> "%include " + new String[] {"\"nosuch.inc\"", "\"\"", "\"/\"", "\"..\"", "", "lib.inc",
                "\"a\u0000b\"", "<lib.inc>", "\"lib.inc", "'" + selfName + "'"}[random.nextInt(10)];
            case 6 -> "%define X" + random.nextInt(2) + " X0 X1 X0";
            case 7 -> "%rmacro r 0\nr\nr\n%endmacro\nr";
            case 8 -> "%macro r 0\nr\n%endmacro\nr";
            case 9 -> "%assign x" + random.nextInt(2) + " x0*x1+" + pick(random, counts);
            case 10 -> "dd " + "(".repeat(depth) + "1" + ")".repeat(depth);
            case 11 -> "dd " + "-~".repeat(depth / 2) + "1";
            case 12 -> "dd " + "1+".repeat(depth) + "1";
            case 13 -> "mov eax, [" + "(".repeat(depth) + "ebx" + ")".repeat(depth) + "]";
            case 14 -> new String[] {"dd 99999999999999999999999999999", "dq 0xFFFFFFFFFFFFFFFFFFFFF", "dd 1e999",
                "db 0b", "dd 0x", "dd 1/0", "dd 1%0", "dd -9223372036854775808/-1", "dd 9223372036854775807*2",
                "dd 1<<64", "dd 1>>-1", "dd 0q777777777777777777777777"}[random.nextInt(12)];
            case 15 -> new String[] {"db 'abc", "db \"abc", "db `abc\\", "%define S 'x", "db `\\u{110000}`",
                "db `\\x`", "db '", "%defstr s 'a"}[random.nextInt(8)];
            case 16 -> "times " + pick(random, counts) + " " + new String[] {"nop", "db 0", "dd 1, 2", "resb 1",
                "times 3 nop"}[random.nextInt(5)];
            case 17 -> new String[] {"\u0000", "\u0007", "\uDC80\uDCFF", "\uFEFF", "\u202E", "\r", "\\", "\t\t",
                "\uD800", "\u0085", "\u2028"}[random.nextInt(11)];
            case 18 -> new String[] {"org -1", "org 0xFFFFFFFFFFFF", "align 0", "align 3", "resb -1", "resb 0x7FFFFFFF",
                "section .x", "bits 64", "bits 16", "use16", "org $", "align 1 << 40"}[random.nextInt(12)];
            case 19 -> new String[] {"%if", "%if 1/0", "%elif", "%ifdef", "%ifmacro", "%ifidn", "%if 1", "%ifndef X",
                "%error bang", "%fatal stop", "%warning w", "%line 5"}[random.nextInt(12)];
            case 20 -> new String[] {"a equ a", "a equ b\nb equ a", "x: jmp x + (x - $) * 2", "l: times (l2-l) nop\nl2:",
                "o: jmp near o + (o2 - o) % 128\no2:", "$ equ 1", "x equ 1\nx equ 2"}[random.nextInt(7)];
            case 21 -> new String[] {"mov eax, [eax*3+ebx*2]", "mov [esp*2], eax", "lea eax, [eax+eax+eax]",
                "mov eax, [ebx+ecx+edx]", "mov al, 256", "jmp 0xFFFFFFFFFFFF", "push byte 300",
                "mov eax, [word ebx]", "a16 a16 nop", "lock lock rep nop", "es cs nop", "mov cr9, eax"}[random.nextInt(12)];
            case 22 -> new String[] {".x:", "..@x:", "%%x:", "%1", "%0", "%{1}", "%+", "%??", "%$x", "%[x]",
                "%!HOME"}[random.nextInt(11)];
            case 23 -> "%macro q 1-*\n%rep %0\n%rotate 1\ndd %1\n%endrep\n%endmacro\nq " + pick(random, counts);
            case 24 -> "%strlen n " + pick(random, counts);
            case 25 -> "%substr s 'abc' " + pick(random, counts) + ", " + pick(random, counts);
            case 26 -> randomChars(random, 1 + random.nextInt(30));
            case 27 -> "x".repeat(depth);
            case 28 -> "%define F(a) F(a) a\ndd F(" + pick(random, counts) + ")";
            default -> pick(random, TOKENS) + " " + pick(random, TOKENS) + ", " + pick(random, TOKENS);
        };
    }

    private static String tokenEdit(Random random, String line) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = java.util.regex.Pattern.compile("[%\\w.$@?#~]+|\\S").matcher(line);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return pick(random, TOKENS);
        }
        int[] t = pick(random, spans);
        String before = line.substring(0, t[0]);
        String after = line.substring(t[1]);
        String token = line.substring(t[0], t[1]);
        return switch (random.nextInt(4)) {
            case 0 -> before + after;
            case 1 -> before + token + " " + token + after;
            case 2 -> before + pick(random, TOKENS) + " " + token + after;
            default -> before + pick(random, TOKENS) + after;
        };
    }

    private static String charEdit(Random random, String line) {
        int at = random.nextInt(line.length() + 1);
        String c = randomChars(random, 1);
        return switch (random.nextInt(3)) {
            case 0 -> line.substring(0, at) + c + line.substring(at);
            case 1 -> at < line.length() ? line.substring(0, at) + line.substring(at + 1) : line;
            default -> at < line.length() ? line.substring(0, at) + c + line.substring(at + 1) : line + c;
        };
    }

    private static String randomChars(Random random, int n) {
        String specials = "%$@?#~.,:;[]()+-*/<>!&|^'\"`\\{}=0123456789 \t\u0000\u007F\uDC80\uDCC3\uFEFF";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(random.nextBoolean() ? specials.charAt(random.nextInt(specials.length()))
                    : (char) random.nextInt(0x3000));
        }
        return sb.toString();
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    // ---------------------------------------------------------------- checking

    private static void assemblesOrSaysWhere(Case c) throws IOException {
        SourceLoader loader = file -> {
            String text = c.files().get(key(file));
            if (text == null) {
                throw new NoSuchFileException(file.toString());
            }
            return text;
        };
        try {
            Program program = c.inMiniOs()
                    ? MiniOs.build(c.userProgram(), Map.of(), loader)
                    : new Assembler(loader).includeDirectory(Path.of("samples/user"))
                            .assembleFile(Path.of("").toAbsolutePath().relativize(c.damaged()));
            assertNotNull(program.bytes());
        } catch (AsmException e) {
            assertFalse(e.errors().isEmpty(), "an AsmException without errors");
            for (AsmError error : e.errors()) {
                assertSanePosition(c, error);
            }
        }
    }

    /** The error's line is a line of its file, its column within that line (or just past its end). */
    private static void assertSanePosition(Case c, AsmError error) {
        SourcePos pos = error.pos();
        String text = c.files().get(key(Path.of(pos.file())));
        assertNotNull(text, () -> "an error in a file that does not exist: " + error);
        String content = SourceText.withoutByteOrderMark(text);
        int lines = (int) content.chars().filter(ch -> ch == '\n').count() + 1;
        assertTrue(pos.line() >= 1 && pos.line() <= lines, () -> "line out of the file's " + lines + ": " + error);
        int start = 0;
        for (int l = 1; l < pos.line(); l++) {
            start = content.indexOf('\n', start) + 1;
        }
        // a line ending in \ goes on on the next: the rest of the file bounds a column
        int rest = content.length() - start;
        assertTrue(pos.column() >= 1 && pos.column() <= rest + 1, () -> "column out of the line: " + error);
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
