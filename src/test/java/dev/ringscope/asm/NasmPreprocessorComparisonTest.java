package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ringscope.testing.Nasm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code nasm -E} (when installed) on the same source and compares the lines, spacing aside. */
class NasmPreprocessorComparisonTest {

    private static final String SOURCE = """
            %define FOO 12 ; comment
            %define ADD(a,b) ((a)+(b))
            %define F(x) x*2
            %define G F
            mov eax, FOO ; hi
            mov ebx, ADD(FOO, 3)
            dd G(3)
            %define X X+1
            dd X
            %macro push2 2
              push %1
              push %2
            %%skip: jmp %%skip
            %endmacro
            push2 eax, ebx
            push2 ecx, edx
            %macro m 1-3 7, 8
              db %1, %2, %3, %0
            %endmacro
            m 1
            m 1, 2
            m {4,5}
            %macro g 1+
              db %1 ; x
            %endmacro
            g 1, 2, 3
            %assign i 0
            %rep 3
              %assign i i+1
              dd i
            %endrep
            %if FOO > 10
             big
            %elif FOO > 5
             mid
            %else
             small
            %endif
            %ifdef FOO
            %xdefine Y FOO
            %endif
            %undef FOO
            dd Y, FOO
            %assign n -7 // 2
            %defstr S hello
            dd n, S, 0x1F
            line \\
            continued
            s db "a;b", 'c;d' ; real comment
            %include "inc.asm"
            lbl: push2 1, 2
            """;

    @Test
    void sameLinesAsNasm(@TempDir Path dir) throws Exception {
        Nasm.require();
        Path main = dir.resolve("main.asm");
        Files.writeString(main, SOURCE);
        Files.writeString(dir.resolve("inc.asm"), "included FOO\n");

        Diagnostics diag = new Diagnostics();
        List<String> ours = new Preprocessor(diag).process(main).stream().map(l -> normalize(l.text())).toList();
        assertFalse(diag.hasErrors(), diag.errors().toString());

        assertEquals(nasmLines(dir, main), ours);
    }

    private static List<String> nasmLines(Path dir, Path main) throws IOException, InterruptedException {
        Process nasm = new ProcessBuilder(Nasm.COMMAND, "-E", main.getFileName().toString())
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(nasm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        nasm.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.startsWith("%line") && !l.isBlank()).map(NasmPreprocessorComparisonTest::normalize).toList();
    }

    private static String normalize(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }
}
