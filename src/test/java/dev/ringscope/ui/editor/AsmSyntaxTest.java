package dev.ringscope.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor's colours: each kind of word the assembler knows, and a misspelt mnemonic left plain. */
class AsmSyntaxTest {

    private static Map<String, AsmSyntax.Kind> kinds(String text) {
        Map<String, AsmSyntax.Kind> out = new LinkedHashMap<>();
        for (AsmSyntax.Token t : AsmSyntax.tokens(text)) {
            out.put(text.substring(t.start(), t.end()), t.kind());
        }
        return out;
    }

    @Test
    void eachWordIsWhatTheAssemblerTakesItFor() {
        Map<String, AsmSyntax.Kind> k = kinds("""
                %include "lib.inc"   ; the calls
                user_main:
                        mov eax, 0x1F   ; a comment with mov eax in it
                        movv ebx, 12
                        db 'x', 10
                start
                        rep stosd
                """);
        assertEquals(AsmSyntax.Kind.DIRECTIVE, k.get("%include"));
        assertEquals(AsmSyntax.Kind.STRING, k.get("\"lib.inc\""));
        assertEquals(AsmSyntax.Kind.COMMENT, k.get("; the calls"));
        assertEquals(AsmSyntax.Kind.LABEL, k.get("user_main:"));
        assertEquals(AsmSyntax.Kind.MNEMONIC, k.get("mov"));
        assertEquals(AsmSyntax.Kind.REGISTER, k.get("eax"));
        assertEquals(AsmSyntax.Kind.NUMBER, k.get("0x1F"));
        assertEquals(AsmSyntax.Kind.COMMENT, k.get("; a comment with mov eax in it"));
        assertEquals(null, k.get("movv"), "a misspelt mnemonic stays plain");
        assertEquals(AsmSyntax.Kind.DIRECTIVE, k.get("db"));
        assertEquals(AsmSyntax.Kind.STRING, k.get("'x'"));
        assertEquals(AsmSyntax.Kind.LABEL, k.get("start"), "a label alone on its line, without a colon");
        assertEquals(AsmSyntax.Kind.MNEMONIC, k.get("rep"));
        assertEquals(AsmSyntax.Kind.MNEMONIC, k.get("stosd"));
    }

    @Test
    void theSpansCoverTheWholeText() {
        String text = "  mov eax, 1 ; x\n\nbad 'unterminated\n";
        assertEquals(text.length(), AsmSyntax.spans(text).length());
        assertEquals(0, AsmSyntax.spans("").length());
    }
}
