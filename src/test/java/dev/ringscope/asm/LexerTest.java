package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    private final Diagnostics diag = new Diagnostics();

    private List<Token> lex(String line) {
        return Lexer.tokenize(line, "t.asm", 7, diag);
    }

    /** Expected values come from assembling {@code dq <literal>} with NASM 2.16. */
    @ParameterizedTest
    @CsvSource({
        "42, 42", "0x1F, 31", "0X1F, 31", "1Fh, 31", "1FH, 31", "0ffh, 255", "$1F, 31",
        "0b1010, 10", "1010b, 10", "0y11, 3", "1010y, 10", "0o17, 15", "17o, 15", "17q, 15", "0q17, 15",
        "0d99, 99", "99d, 99", "0t19, 19", "19t, 19", "0x1234_5678, 305419896", "0x_ff, 255", "1_0h, 16",
        "0bh, 11", "0b1h, 177", "0dh, 13", "0x1b, 27", "0hff, 255",
        "0xFFFFFFFFFFFFFFFF, -1"
    })
    void numbersInEveryNasmFormat(String literal, long expected) {
        List<Token> tokens = lex(literal);
        assertEquals(TokenKind.NUMBER, tokens.get(0).kind(), literal);
        assertEquals(expected, tokens.get(0).value(), literal);
        assertEquals(TokenKind.END, tokens.get(1).kind());
        assertFalse(diag.hasErrors(), diag.errors().toString());
    }

    @ParameterizedTest
    @CsvSource({"19z", "0b102", "12ab", "0x"})
    void badNumbersAreErrorsWithColumn(String literal) {
        lex("dd " + literal);
        assertEquals(1, diag.errors().size());
        assertEquals(new SourcePos("t.asm", 7, 4), diag.errors().get(0).pos());
        assertTrue(diag.errors().get(0).message().contains(literal));
    }

    @Test
    void tooBigNumberWarns() {
        lex("dq 0x1_0000_0000_0000_0000");
        assertFalse(diag.hasErrors());
        assertEquals(1, diag.warnings().size());
    }

    @Test
    void stringsAreDecodedAndPackedLittleEndian() {
        List<Token> t = lex("db 'a;b', \"it's\", `\\x41\\n\\t\\0\\\\\\``, 'abcd'");
        assertEquals("a;b", t.get(1).text());
        assertEquals("it's", t.get(3).text());
        assertEquals("A\n\t\0\\`", t.get(5).text());
        assertEquals(TokenKind.STRING, t.get(7).kind());
        assertEquals(0x64636261L, t.get(7).value()); // NASM: mov eax, 'abcd' is 0x64636261
        assertFalse(diag.hasErrors());
    }

    @Test
    void backquoteOctalAndUtf8() {
        List<Token> t = lex("db `\\101\\e`, 'é'");
        assertEquals("A\u001b", t.get(1).text());
        assertEquals(2, t.get(3).bytes().length); // UTF-8: two bytes, as NASM emits them
        assertEquals((byte) 0xC3, t.get(3).bytes()[0]);
    }

    @Test
    void unterminatedStringIsAnError() {
        lex("db 'abc");
        assertEquals("t.asm:7:4: error: unterminated string (missing closing ')", diag.errors().get(0).toString());
    }

    @Test
    void identifiersDollarsAndLocalLabels() {
        List<Token> t = lex(".loop: jmp $name + $ - $$ ..@3.x ?q a$#@~.?b");
        assertEquals(new Token(TokenKind.IDENTIFIER, ".loop", 0, new SourcePos("t.asm", 7, 1)), t.get(0));
        assertEquals(TokenKind.COLON, t.get(1).kind());
        assertEquals("name", t.get(3).text());
        assertEquals(TokenKind.IDENTIFIER, t.get(3).kind());
        assertEquals(TokenKind.DOLLAR, t.get(5).kind());
        assertEquals(TokenKind.DOUBLE_DOLLAR, t.get(7).kind());
        assertEquals("..@3.x", t.get(8).text());
        assertEquals("?q", t.get(9).text());
        assertEquals("a$#@~.?b", t.get(10).text());
    }

    @Test
    void operatorsLongestFirstAndCommentEndsLine() {
        List<Token> t = lex("[a<<b>>>c//d%%e<=f<>g&&h||i^^j==k!=l] , ( ) ; [ignored");
        List<String> texts = t.stream().map(Token::text).toList();
        assertEquals(List.of("[", "a", "<<", "b", ">>>", "c", "//", "d", "%%", "e", "<=", "f", "<>", "g", "&&", "h",
                "||", "i", "^^", "j", "==", "k", "!=", "l", "]", ",", "(", ")", ""), texts);
        assertEquals(TokenKind.END, t.get(t.size() - 1).kind());
    }

    @Test
    void badCharactersAreReportedAndSkipped() {
        List<Token> t = lex("mov eax, \\ 1 {");
        assertEquals(2, diag.errors().size());
        assertEquals(new SourcePos("t.asm", 7, 10), diag.errors().get(0).pos());
        assertEquals(new SourcePos("t.asm", 7, 14), diag.errors().get(1).pos());
        assertEquals(List.of("mov", "eax", ",", "1", ""), t.stream().map(Token::text).toList());
    }
}
