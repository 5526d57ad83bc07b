package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.Nasm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExprTest {

    private final Diagnostics diag = new Diagnostics();

    /** Labels at 0x101 (relocatable), a constant, $ = 0x105, $$ = 0x100, like "org 0x100" output. */
    private final SymbolResolver symbols = new SymbolResolver() {
        private final Map<String, Value> table = Map.of(
                "lbl", Value.address(0x101), "other", Value.address(0x110), "K", Value.absolute(5));

        @Override
        public Value resolve(String name) {
            return table.get(name);
        }

        @Override
        public long here() {
            return 0x105;
        }

        @Override
        public long sectionStart() {
            return 0x100;
        }
    };

    private Evaluation eval(String text) {
        List<Token> tokens = Lexer.tokenize(text, "e.asm", 1, diag);
        ExprParser.Parsed parsed = ExprParser.parseAll(tokens, 0, diag);
        assertTrue(parsed.ok(), () -> text + ": " + diag.errors());
        return parsed.expr().evaluate(symbols);
    }

    /**
     * Each expression with the value NASM 2.16 gives it ({@code dq (expr)}: all 64 bits);
     * {@link #theTableIsWhatNasmGives} checks every row against the real nasm.
     */
    static final List<String> TABLE = List.of(
        "-7/2 ; 0x7FFFFFFFFFFFFFFC", "-7//2 ; -3", "-7 % 3 ; 0", "-7 %% 3 ; -1",
        "1<<3+1 ; 16", "2+3*4 ; 14", "1|2^3&4 ; 3", "5>3 ; 1", "3<>3 ; 0", "1 && 0 ; 0",
        "0 || 2 ; 1", "1^^1 ; 0", "~0 ; -1", "!5 ; 0", "7-2-1 ; 4", "100/10/5 ; 2",
        "-1 >> 28 ; 0xFFFFFFFFF", "0x8000000000000000 >> 4 ; 0x0800000000000000", "-16 >>> 2 ; -4",
        "1 <<< 3 ; 8", "1 = 1 ; 1", "2 <= 1 ; 0", "-1 < 0 ; 1", "-2 > -3 ; 1", "5 != 5 ; 0",
        // NASM compares by the sign of the wrapped difference: neither signed nor unsigned order
        "0x8000000000000000 < 1 ; 0", "0x8000000000000000 > 0x7FFFFFFFFFFFFFFF ; 1", "1 > 0x8000000000000000 ; 0",
        "0x7FFFFFFFFFFFFFFF < -1 ; 1", "0x8000000000000000 >= 0 ; 0", "-1 <= 0x7FFFFFFFFFFFFFFF ; 1",
        "0x8000000000000000 == 0x8000000000000000 ; 1",
        "0x8000000000000000 / 3 ; 0x2AAAAAAAAAAAAAAA", "'ab' ; 0x6261", "-(2+3)*2 ; -10", "- -3 ; 3");

    static Stream<Arguments> table() {
        return TABLE.stream().map(row -> row.split(" ; ")).map(r -> Arguments.of(r[0], r[1]));
    }

    private static long expected(String value) {
        return Long.decode(value.replace("0x", "#").replace("-#", "-0x"));
    }

    @ParameterizedTest
    @MethodSource("table")
    void precedenceAndSignednessMatchNasm(String expr, String expected) {
        Evaluation e = eval(expr);
        assertEquals(expected(expected), e.value().value(), expr);
        assertFalse(e.value().relocatable());
    }

    /** The expected values above are NASM's own: one {@code dq} a row, assembled by nasm. */
    @Test
    void theTableIsWhatNasmGives(@TempDir Path dir) throws Exception {
        Nasm.require();
        List<String[]> rows = TABLE.stream().map(row -> row.split(" ; ")).toList();
        StringBuilder source = new StringBuilder();
        for (String[] r : rows) {
            source.append("dq (").append(r[0]).append(")\n");
        }
        ByteBuffer out = ByteBuffer.wrap(Nasm.assemble(source.toString(), dir)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 * rows.size(), out.remaining());
        for (String[] r : rows) {
            long nasm = out.getLong();
            assertEquals(String.format("%#x", nasm), String.format("%#x", expected(r[1])), "nasm: dq (" + r[0] + ")");
            assertEquals(nasm, eval(r[0]).value().value(), "ours: " + r[0]);
        }
    }

    @Test
    void relocatableRules() {
        assertEquals(Value.address(0x104), eval("lbl+3").value());
        assertEquals(Value.address(0x104), eval("3+lbl").value());
        assertEquals(Value.address(0xFE), eval("lbl-3").value());
        assertEquals(Value.absolute(0xF), eval("other-lbl").value());
        assertEquals(Value.absolute(5), eval("$-$$").value());
        assertEquals(Value.absolute(2), eval("(lbl-$$)*2").value());
        assertEquals(Value.address(0x102), eval("lbl+1-lbl+lbl").value()); // NASM: 0x102
        assertEquals(Value.absolute(1), eval("lbl == lbl").value());
        assertEquals(Value.address(0x106), eval("$+K/5").value());
        // NASM accepts a negated address in flat binary output ("5-lbl" = 5 - 0x101).
        assertEquals(Value.absolute(5 - 0x101), eval("5-lbl").value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "lbl*2 ; expression is not simple or relocatable",
        "lbl+lbl ; expression is not simple or relocatable",
        "lbl*lbl ; expression is not simple or relocatable",
        "lbl<<1 ; `<<` needs plain numbers, not an address (label, $ or $$)",
        "lbl/2 ; `/` needs plain numbers, not an address (label, $ or $$)",
        "lbl % 3 ; `%` needs plain numbers, not an address (label, $ or $$)",
        "~lbl ; `~` needs plain numbers, not an address (label, $ or $$)",
        "lbl & 3 ; `&` needs plain numbers, not an address (label, $ or $$)",
        "lbl < 3 ; `<` compares an address with a number",
        "7/0 ; division by zero", "7 %% (K-5) ; division by zero"
    })
    void invalidUsesOfAddressesFailWithoutThrowing(String expr, String message) {
        assertEquals(new Evaluation.Failed(message), eval(expr));
    }

    @Test
    void unknownSymbolsAreForwardReferencesNotErrors() {
        assertEquals(new Evaluation.Unknown("later"), eval("lbl + later*2"));
        assertEquals(new Evaluation.Unknown("later"), eval("1/0 + later")); // may be fine next pass
        assertEquals(Set.of("lbl", "later", "K"), eval2("lbl + later - K").symbols());
    }

    private Expr eval2(String text) {
        return ExprParser.parseAll(Lexer.tokenize(text, "e.asm", 1, diag), 0, diag).expr();
    }

    @Test
    void parsesAnOperandInsideBracketsAndStopsAtTheBracket() {
        List<Token> t = Lexer.tokenize("mov eax, [ebx+ecx*4+label-3], 5", "e.asm", 1, diag);
        ExprParser.Parsed p = ExprParser.parse(t, 4, diag);
        assertTrue(p.ok());
        assertEquals(TokenKind.RBRACKET, t.get(p.end()).kind());
        Expr expected = new Expr.Binary(Operator.SUBTRACT,
                new Expr.Binary(Operator.ADD,
                        new Expr.Binary(Operator.ADD, new Expr.Symbol("ebx"),
                                new Expr.Binary(Operator.MULTIPLY, new Expr.Symbol("ecx"), new Expr.Number(4))),
                        new Expr.Symbol("label")),
                new Expr.Number(3));
        assertEquals(expected, p.expr());
        ExprParser.Parsed seg = ExprParser.parse(Lexer.tokenize("[es:di]", "e.asm", 1, diag), 1, diag);
        assertEquals(2, seg.end()); // stops at ':'
    }

    @Test
    void syntaxErrorsAreReportedWithColumns() {
        ExprParser.Parsed p = ExprParser.parse(Lexer.tokenize("dd (1 + 2", "e.asm", 3, diag), 1, diag);
        assertFalse(p.ok());
        assertEquals("e.asm:3:10: error: expected `)` to close the `(` at column 4", diag.errors().get(0).toString());
        ExprParser.parse(Lexer.tokenize("dd 1 *", "e.asm", 4, diag), 1, diag);
        assertEquals("e.asm:4:7: error: expected an expression at end of line", diag.errors().get(1).toString());
    }

    @Test
    void hugeNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertFalse(ExprParser.parse(Lexer.tokenize(deep, "e.asm", 1, diag), 0, diag).ok());
        String chain = "1" + "+1".repeat(100_000);
        assertFalse(ExprParser.parse(Lexer.tokenize(chain, "e.asm", 1, diag), 0, diag).ok());
        String unary = "-".repeat(100_000) + "1";
        assertFalse(ExprParser.parse(Lexer.tokenize(unary, "e.asm", 1, diag), 0, diag).ok());
        assertTrue(diag.errors().get(0).message().contains("too complex"));
        assertEquals(3, diag.errors().size());
        assertInstanceOf(Evaluation.Known.class, eval("1" + "+1".repeat(900)));
    }
}
