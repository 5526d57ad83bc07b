package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 10 MB of random bytes must give a short, capped error report quickly, never a crash or a hang. */
class GarbageInputTest {

    @Test
    void tenMegabytesOfRandomBytes() {
        byte[] bytes = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(bytes);
        String garbage = SourceText.decode(bytes); // what SourceLoader.fromDisk() gives
        Diagnostics diag = new Diagnostics();

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<SourceLine> lines = new Preprocessor((p) -> garbage, diag).process("junk.bin", garbage);
            // As the assembler does: lex line by line, stop once the error list is full.
            for (int i = 0; i < lines.size() && !diag.isFull(); i++) {
                SourceLine line = lines.get(i);
                Lexer.tokenize(line.text(), line.pos().file(), line.pos().line(), diag);
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.println("garbage: preprocess + lex of 10 MB took " + millis + " ms");
        List<AsmError> errors = diag.errors();
        assertEquals(Diagnostics.MAX_ERRORS + 1, errors.size());
        assertEquals("too many errors, stopping", errors.get(errors.size() - 1).message());
        AsmError first = errors.get(0);
        assertEquals("junk.bin", first.pos().file());
        assertTrue(first.pos().line() >= 1 && first.pos().column() >= 1, first.toString());
        assertTrue(millis < 5_000, "took " + millis + " ms"); // about 0.6 s cold on a shared 2-core box
    }
}
