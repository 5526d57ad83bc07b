package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private final Diagnostics diag = new Diagnostics();
    private final Map<Path, String> files = new HashMap<>();
    private final Preprocessor pp = new Preprocessor(this::load, diag);

    private String load(Path file) throws IOException {
        String text = files.get(file.normalize());
        if (text == null) {
            throw new NoSuchFileException(file.toString());
        }
        return text;
    }

    private List<String> texts(String source) {
        return pp.process("t.asm", source).stream().map(l -> l.text().strip()).toList();
    }

    private List<String> errors() {
        return diag.errors().stream().map(AsmError::toString).toList();
    }

    @Test
    void singleLineMacrosWithParametersAndRescan() {
        List<String> out = texts("""
                %define FOO 12 ; comment
                %define ADD(a,b) ((a)+(b))
                %define F(x) x*2
                %define G F
                mov eax, FOO ; hi
                mov ebx, ADD(FOO, 3)
                dd G(3)
                %define X X+1
                %define A B
                %define B A
                dd X, A, 'FOO'
                %undef FOO
                dd FOO
                """);
        assertEquals(List.of("mov eax, 12", "mov ebx, ((12)+(3))", "dd 3*2", "dd X+1, A, 'FOO'", "dd FOO"), out);
        assertFalse(diag.hasErrors());
    }

    @Test
    void xdefineExpandsNowAndAssignEvaluates() {
        List<String> out = texts("""
                %define V 1
                %define LAZY V
                %xdefine EAGER V
                %define V 2
                %assign n 3*4+1
                %assign neg -5
                %defstr S hello world
                dd LAZY, EAGER, n, neg, S
                """);
        assertEquals(List.of("dd 2, 1, 13, -5, 'hello world'"), out);
    }

    @Test
    void commandLineDefines() {
        pp.define("PARAVIRT", "");
        pp.define("LEVEL", "3");
        assertEquals(List.of("yes 3"), texts("%ifdef PARAVIRT\nyes LEVEL\n%else\nno\n%endif"));
    }

    @Test
    void multiLineMacroParametersLocalLabelsDefaultsAndGreedy() {
        List<String> out = texts("""
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
                  db %1
                %endmacro
                g 1, 2, 3
                """);
        assertEquals(List.of("push eax", "push ebx", "..@0.skip: jmp ..@0.skip",
                "push ecx", "push edx", "..@1.skip: jmp ..@1.skip",
                "db 1, 7, 8, 3", "db 1, 2, 8, 3", "db 4,5, 7, 8, 3", "db 1, 2, 3"), out);
        assertFalse(diag.hasErrors());
    }

    @Test
    void overloadingByParameterCountAndLabelBeforeCall() {
        List<String> out = texts("""
                %macro out 1
                  one %1
                %endmacro
                %macro out 2
                  two %1 %2
                %endmacro
                start: out 5
                out 5, 6
                %macro ten 10
                  db %{10}, %1
                %endmacro
                ten 1,2,3,4,5,6,7,8,9,A
                out
                """);
        assertEquals(List.of("start:", "one 5", "two 5 6", "db A, 1", "out"), out);
        assertEquals(1, diag.warnings().size()); // "out" with no parameters: NASM warns and keeps the line
        assertEquals("t.asm:13:1", diag.warnings().get(0).pos().toString());
    }

    @Test
    void macroLinesRememberWhereTheyCameFrom() {
        List<SourceLine> out = pp.process("m.asm", """
                %macro inner 0
                  nop
                %endmacro
                %macro outer 0
                  inner
                %endmacro
                  outer
                """);
        assertEquals(1, out.size());
        assertEquals(new SourcePos("m.asm", 2, 1), out.get(0).pos());
        assertEquals(List.of(new SourcePos("m.asm", 5, 3), new SourcePos("m.asm", 7, 3)), out.get(0).expandedFrom());
    }

    @Test
    void nestedRepWithAssignCountersAndExitrep() {
        List<String> out = texts("""
                %assign i 0
                %rep 2
                  %assign j 0
                  %rep 3
                    db i, j
                    %assign j j+1
                  %endrep
                  %assign i i+1
                %endrep
                %assign k 0
                %rep 100
                  %if k = 2
                    %exitrep
                  %endif
                  dw k
                  %assign k k+1
                %endrep
                """);
        assertEquals(List.of("db 0, 0", "db 0, 1", "db 0, 2", "db 1, 0", "db 1, 1", "db 1, 2", "dw 0", "dw 1"), out);
        assertFalse(diag.hasErrors());
    }

    @Test
    void conditionalsChooseOneBranch() {
        List<String> out = texts("""
                %define FOO 7
                %if FOO > 10
                 big
                %elif FOO > 5
                 mid
                %else
                 small
                %endif
                %ifndef BAR
                 nobar
                %elifdef FOO
                 wrong
                %endif
                %IF 0
                 %if 1
                  hidden
                 %else
                  hidden
                 %endif
                %ENDIF
                %ifmacro nosuch
                 wrong
                %endif
                %ifidn FOO, 7
                 same
                %endif
                """);
        assertEquals(List.of("mid", "nobar", "same"), out);
        assertFalse(diag.hasErrors());
    }

    @Test
    void includeIsRelativeToTheIncludingFile() {
        files.put(Path.of("src/main.asm"), "%include \"lib/defs.inc\"\nmov eax, ANSWER");
        files.put(Path.of("src/lib/defs.inc"), "%include 'more.inc'\n%define ANSWER 42");
        files.put(Path.of("src/lib/more.inc"), "nop");
        List<SourceLine> out = pp.process(Path.of("src/main.asm"));
        assertEquals(List.of("nop", "mov eax, 42"), out.stream().map(SourceLine::text).toList());
        assertEquals(new SourcePos("src/lib/more.inc", 1, 1), out.get(0).pos());
        assertEquals(List.of(new SourcePos("src/lib/defs.inc", 1, 10), new SourcePos("src/main.asm", 1, 10)),
                out.get(0).expandedFrom());
        assertFalse(diag.hasErrors(), errors().toString());
    }

    @Test
    void missingIncludeIsAnError() {
        texts("nop\n%include \"nope.inc\"");
        assertTrue(errors().get(0).startsWith("t.asm:2:10: error: cannot open include file `nope.inc`"), errors().toString());
    }

    @Test
    void errorAndWarningDirectives() {
        texts("%define S 'sm'\n%error \"bad S\"\n%error bad S\n%warning careful\nnop");
        assertEquals(List.of("t.asm:2:1: error: bad S", "t.asm:3:1: error: bad 'sm'"), errors());
        assertEquals("t.asm:4:1: warning: careful", diag.warnings().get(0).toString());
    }

    @Test
    void continuationLinesJoinBeforeCommentsAreStripped() {
        List<SourceLine> out = pp.process("t.asm", "line \\\ncontinued\nx dd 1 ; comm \\\ndd 2\ns db \"a;b\" ; real");
        assertEquals(List.of("line continued", "x dd 1", "s db \"a;b\""), out.stream().map(SourceLine::text).toList());
        assertEquals(3, out.get(1).pos().line());
    }

    @Test
    void misplacedDirectivesAreAllReported() {
        texts("%endif\n%else\n%endmacro\n%endrep\n%foo\n%exitrep\n%if\n%endif\n%assign x y");
        assertEquals(List.of(
                "t.asm:1:1: error: %endif without a matching %if",
                "t.asm:2:1: error: %else without a matching %if",
                "t.asm:3:1: error: %endmacro without a matching %macro",
                "t.asm:4:1: error: %endrep without a matching %rep",
                "t.asm:5:1: error: unknown preprocessor directive `%foo`",
                "t.asm:6:1: error: %exitrep outside a %rep",
                "t.asm:7:1: error: %if needs an expression",
                "t.asm:9:11: error: %assign: `y` is not a number or a defined single-line macro"), errors());
    }

    // ---- safety: hostile input ends, with an error naming the place (the timeouts guard against a hang; they time nothing) ----

    private static final Duration HANG = Duration.ofSeconds(120);

    private List<SourceLine> ends(String file, String source) {
        return assertTimeoutPreemptively(HANG, () -> pp.process(file, source));
    }

    @Test
    void selfCallingMacroIsLeftUnexpandedLikeNasm() {
        List<SourceLine> out = ends("r.asm", "%macro m 0\nm\n%endmacro\nm\n");
        assertEquals(List.of("m"), out.stream().map(SourceLine::text).toList());
        assertEquals("r.asm:2:1", diag.warnings().get(0).pos().toString());
        assertTrue(diag.warnings().get(0).message().contains("inside its own expansion"));
    }

    @Test
    void endlesslyRecursiveRmacroStopsAtTheDepthLimit() {
        ends("r.asm", "%rmacro m 0\nm\n%endmacro\nm\n");
        assertEquals(1, diag.errors().size());
        assertTrue(errors().get(0).startsWith("r.asm:2:1: error: macro calls nested more than 1000 deep"), errors().toString());
    }

    @Test
    void exponentiallyRecursiveRmacroIsCapped() {
        ends("r.asm", "%rmacro m 0\nm\nm\n%endmacro\nm\n");
        assertTrue(diag.hasErrors());
        assertTrue(diag.errors().size() <= Diagnostics.MAX_ERRORS + 1);
    }

    @Test
    void selfReferentialDefinesDoNotLoop() {
        List<SourceLine> out = ends("d.asm", "%define A B B\n%define B C C\n%define C A A\ndd A\n");
        assertEquals("dd A A A A A A A A", out.get(0).text());
        ends("d.asm", "%define A0 x\n" + java.util.stream.IntStream.range(1, 40)
                .mapToObj(i -> "%define A" + i + " A" + (i - 1) + " A" + (i - 1) + "\n").reduce("", String::concat)
                + "dd A39\n");
        assertTrue(errors().get(0).startsWith("d.asm:41:1: error: single-line macro expansion runs away"), errors().toString());
    }

    @Test
    void includeCycleIsNamed() {
        files.put(Path.of("a.asm"), "nop\n%include \"b.asm\"\n");
        files.put(Path.of("b.asm"), "%include \"a.asm\"\n");
        assertTimeoutPreemptively(HANG, () -> pp.process(Path.of("a.asm")));
        assertEquals(List.of("b.asm:1:10: error: %include cycle: a.asm → b.asm → a.asm"), errors());
    }

    @Test
    void includeDepthIsLimited() {
        for (int i = 0; i < 60; i++) {
            files.put(Path.of("f" + i + ".inc"), "%include \"f" + (i + 1) + ".inc\"");
        }
        assertTimeoutPreemptively(HANG, () -> pp.process(Path.of("f0.inc")));
        assertEquals(List.of("f49.inc:1:10: error: %include nested more than 50 deep"), errors());
    }

    @Test
    void hugeRepCountIsRefused() {
        ends("rep.asm", "nop\n%rep 1000000000\nnop\n%endrep\n");
        assertEquals(List.of("rep.asm:2:6: error: %rep count 1000000000 is over the limit of 1000000"), errors());
    }

    @Test
    void nestedRepsThatNeverFinishAreStopped() {
        List<SourceLine> out = ends("rep.asm", "%rep 1000000\n%rep 1000000\n%assign x 1\n%endrep\n%endrep\n");
        assertTrue(out.isEmpty());
        assertEquals(1, diag.errors().size());
        assertTrue(errors().get(0).startsWith("rep.asm:3:1: error: preprocessing stopped after 2000000 lines"), errors().toString());
    }

    @Test
    void unterminatedBlocksAreReportedWhereTheyOpen() {
        texts("nop\n%macro m 0\nnop\n");
        texts("%if 1\nnop\n");
        texts("%rep 2\nnop\n");
        texts("%macro m 0\n%if 1\n%endmacro\nm\n");
        assertEquals(List.of(
                "t.asm:2:1: error: %macro `m` without %endmacro: reached the end of the file",
                "t.asm:1:1: error: %if without %endif: reached the end of the file",
                "t.asm:1:1: error: %rep without %endrep: reached the end of the file",
                "t.asm:2:1: error: %if without %endif: reached the end of macro `m` (in macro `m` called at t.asm:4:1)"),
                errors());
    }
}
