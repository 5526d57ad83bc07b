package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 10 MB of random bytes must give a short, capped error report, never a crash or a hang. */
class GarbageInputTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS) // a hang guard: how fast is the benchmarks' business
    void tenMegabytesOfRandomBytes() {
        byte[] bytes = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(bytes);
        String garbage = SourceText.decode(bytes); // what SourceLoader.fromDisk() gives
        Diagnostics diag = new Diagnostics();

        List<SourceLine> lines = new Preprocessor((p) -> garbage, diag).process("junk.bin", garbage);
        // As the assembler does: lex line by line, stop once the error list is full.
        int lexed = 0;
        for (; lexed < lines.size() && !diag.isFull(); lexed++) {
            SourceLine line = lines.get(lexed);
            Lexer.tokenize(line.text(), line.pos().file(), line.pos().line(), diag);
        }

        assertTrue(lexed < lines.size(), "the report filled up and lexing stopped early: " + lexed + " of " + lines.size());
        List<AsmError> errors = diag.errors();
        assertEquals(Diagnostics.MAX_ERRORS + 1, errors.size());
        assertEquals("too many errors, stopping", errors.get(errors.size() - 1).message());
        AsmError first = errors.get(0);
        assertEquals("junk.bin", first.pos().file());
        assertTrue(first.pos().line() >= 1 && first.pos().column() >= 1, first.toString());
    }
}
