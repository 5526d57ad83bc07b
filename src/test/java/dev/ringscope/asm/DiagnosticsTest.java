package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

    @Test
    void formatsLikeACompiler() {
        SourcePos pos = new SourcePos("x.asm", 3, 9);
        assertEquals("x.asm:3:9", pos.toString());
        assertEquals("x.asm:3:9: error: bad", new AsmError(pos, "bad").toString());
        AsmException e = new AsmException(List.of(new AsmError(pos, "a"), new AsmError(pos, "b")));
        assertEquals("x.asm:3:9: error: a\nx.asm:3:9: error: b", e.getMessage());
    }

    @Test
    void capsErrorsAndThrowsThemAll() {
        Diagnostics diag = new Diagnostics();
        for (int i = 1; i <= 500; i++) {
            diag.error(new SourcePos("g.asm", i, 1), "garbage " + i);
        }
        List<AsmError> errors = diag.errors();
        assertEquals(Diagnostics.MAX_ERRORS + 1, errors.size());
        assertEquals("garbage 100", errors.get(99).message());
        assertEquals("too many errors, stopping", errors.get(100).message());
        assertTrue(diag.isFull());
        AsmException e = assertThrows(AsmException.class, diag::throwIfErrors);
        assertEquals(101, e.errors().size());
    }
}
