package dev.ringscope.asm;

import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses preprocessed lines into {@link ParsedLine}s: labels ({@code name:}, {@code .local:}),
 * {@code times}, prefixes, instructions with their operands, data and the few directives a flat
 * binary needs. Every problem is reported with file:line:column and parsing goes on.
 */
final class StatementParser {

    private static final Set<String> DATA = Set.of("db", "dw", "dd", "dq");
    private static final Set<String> RESERVE = Set.of("resb", "resw", "resd", "resq");
    private static final Set<String> DIRECTIVES = Set.of("bits", "use32", "use16", "org", "align", "section",
            "segment", "cpu", "default", "global", "extern", "absolute", "times", "equ", "incbin");
    private static final Set<String> PREFIXES = Set.of("rep", "repe", "repz", "repne", "repnz", "lock", "a16", "a32",
            "o16", "o32");

    private final Diagnostics diag;
    private String labelBase = "";

    StatementParser(Diagnostics diag) {
        this.diag = diag;
    }

    List<ParsedLine> parse(List<SourceLine> lines) {
        List<ParsedLine> out = new ArrayList<>();
        for (SourceLine line : lines) {
            if (diag.isFull()) {
                break;
            }
            ParsedLine p = parseLine(line);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** A cursor over one line's tokens. */
    private static final class Tokens {
        final List<Token> list;
        int i;

        Tokens(List<Token> list) {
            this.list = list;
        }

        Token peek() {
            return list.get(i);
        }

        Token peek(int ahead) {
            return list.get(Math.min(i + ahead, list.size() - 1));
        }

        Token next() {
            Token t = list.get(i);
            if (!t.is(TokenKind.END)) {
                i++;
            }
            return t;
        }

        boolean atEnd() {
            return peek().is(TokenKind.END);
        }
    }

    private static final class LineError extends RuntimeException {
        LineError() {
            super(null, null, false, false);
        }
    }

    private ParsedLine parseLine(SourceLine line) {
        int errorsBefore = diag.errors().size();
        List<Token> tokens = Lexer.tokenize(line.text(), line.pos().file(), line.pos().line(), diag);
        if (diag.errors().size() != errorsBefore) {
            return null; // the lexer has said what is wrong
        }
        Tokens t = new Tokens(tokens);
        if (t.atEnd()) {
            return null;
        }
        try {
            return parseTokens(line, t);
        } catch (LineError e) {
            return null;
        }
    }

    private ParsedLine parseTokens(SourceLine line, Tokens t) {
        // [bits 32], [org 0x7c00]: NASM's primitive directive form
        if (t.peek().is(TokenKind.LBRACKET) && t.peek(1).is(TokenKind.IDENTIFIER)
                && DIRECTIVES.contains(lower(t.peek(1).text()))) {
            t.next();
            List<Token> inner = new ArrayList<>();
            while (!t.atEnd() && !t.peek().is(TokenKind.RBRACKET)) {
                inner.add(t.next());
            }
            expect(t, TokenKind.RBRACKET, "`]`");
            inner.add(t.peek());
            t = new Tokens(inner);
        }
        String label = null;
        SourcePos labelPos = null;
        Token first = t.peek();
        Register named = first.is(TokenKind.IDENTIFIER) ? Register.byName(first.text()) : null;
        if (named != null && named.kind() == Register.Kind.SEGMENT && !t.peek(1).is(TokenKind.COLON)) {
            // NASM reads "es movsb" as a segment-override prefix; taking "es" for a label would drop it silently
            error(first.pos(), "segment override '" + first.text() + "' as a prefix word is not supported: write it "
                    + "inside the memory operand ([" + first.text() + ":...])");
        }
        if (first.is(TokenKind.IDENTIFIER) && !isKeyword(first.text())) {
            boolean colon = t.peek(1).is(TokenKind.COLON);
            boolean equ = t.peek(1).is(TokenKind.IDENTIFIER) && lower(t.peek(1).text()).equals("equ");
            boolean alone = t.peek(1).is(TokenKind.END);
            boolean beforeKeyword = t.peek(1).is(TokenKind.IDENTIFIER) && isKeyword(t.peek(1).text());
            if (colon || equ || alone || beforeKeyword) {
                t.next();
                if (colon) {
                    t.next();
                }
                label = defineLabel(first.text(), first.pos());
                labelPos = first.pos();
                if (alone) {
                    diag.warning(first.pos(), "label alone on a line without a colon might be in error");
                }
            } else {
                error(first.pos(), "unknown instruction '" + first.text() + "'");
            }
        } else if (first.is(TokenKind.IDENTIFIER) && Register.byName(first.text()) != null) {
            error(first.pos(), "'" + first.text() + "' is a register, not an instruction or label");
        } else if (!first.is(TokenKind.IDENTIFIER)) {
            error(first.pos(), "expected a label, an instruction or a directive, found `" + first.text() + "`");
        }

        Expr times = null;
        SourcePos timesPos = null;
        if (t.peek().is(TokenKind.IDENTIFIER) && lower(t.peek().text()).equals("times")) {
            timesPos = t.next().pos();
            times = expression(t);
        }
        Statement stmt = t.atEnd() ? new Statement.Empty() : statement(t, label);
        if (!t.atEnd()) {
            error(t.peek().pos(), "unexpected `" + t.peek().text() + "` at the end of the line");
        }
        if (stmt instanceof Statement.Equ && label == null) {
            error(first.pos(), "equ needs a label");
        }
        return new ParsedLine(line, label, labelPos, times, timesPos, stmt);
    }

    private Statement statement(Tokens t, String label) {
        Token head = t.peek();
        if (!head.is(TokenKind.IDENTIFIER)) {
            error(head.pos(), "expected an instruction or a directive, found `" + head.text() + "`");
        }
        String word = lower(head.text());
        Instruction.Prefix prefix = Instruction.Prefix.NONE;
        boolean a16 = false;
        Token o16 = null;
        while (PREFIXES.contains(word)) {
            t.next();
            switch (word) {
                case "lock" -> prefix = Instruction.Prefix.LOCK;
                case "repne", "repnz" -> prefix = Instruction.Prefix.REPNE;
                case "a16" -> a16 = true;
                case "a32", "o32" -> {
                    // 32-bit code's own sizes: nothing to say
                }
                case "o16" -> o16 = head;
                default -> prefix = Instruction.Prefix.REP;
            }
            if (t.atEnd()) {
                error(head.pos(), "'" + word + "' needs an instruction after it");
            }
            head = t.peek();
            word = lower(head.text());
        }
        if (word.equals("jcxz")) {
            word = "jecxz"; // 67 E3: JECXZ with CX (SDM Vol. 2A Jcc)
            a16 = true;
        }
        t.next();
        if (DATA.contains(word)) {
            return data(t, unit(word.charAt(1)));
        }
        if (RESERVE.contains(word)) {
            SourcePos pos = t.peek().pos();
            return new Statement.Reserve(unit(word.charAt(3)), expression(t), pos);
        }
        switch (word) {
            case "equ" -> {
                SourcePos pos = t.peek().pos();
                return new Statement.Equ(expression(t), pos);
            }
            case "org" -> {
                SourcePos pos = t.peek().pos();
                return new Statement.Org(expression(t), pos);
            }
            case "bits" -> {
                Token n = t.next();
                if (!n.is(TokenKind.NUMBER) || n.value() != 32) {
                    error(n.pos(), "only 32-bit code is supported: write `bits 32`");
                }
                return new Statement.Empty();
            }
            case "use32", "cpu", "default" -> {
                while (!t.atEnd()) {
                    t.next();
                }
                return new Statement.Empty();
            }
            case "use16" -> error(head.pos(), "only 32-bit code is supported: write `bits 32`");
            case "section", "segment" -> {
                Token name = t.next();
                if (!lower(name.text()).equals(".text")) {
                    error(name.pos(), "RingScope images are one flat section; put data after the code instead of in '"
                            + name.text() + "'");
                }
                while (!t.atEnd()) {
                    t.next();
                }
                return new Statement.Empty();
            }
            case "align" -> {
                SourcePos pos = t.peek().pos();
                Expr boundary = expression(t);
                Statement fill = null;
                if (t.peek().is(TokenKind.COMMA)) {
                    t.next();
                    fill = statement(t, null);
                }
                return new Statement.Align(boundary, fill, pos);
            }
            case "global", "extern", "absolute", "incbin", "times" ->
                    error(head.pos(), "'" + word + "' is not supported in a flat binary here");
            default -> {
            }
        }
        Mnemonic m = Mnemonic.byName(word);
        if (m == null) {
            error(head.pos(), "unknown instruction '" + head.text() + "'");
        }
        List<OperandSyntax> operands = new ArrayList<>();
        if (!t.atEnd()) {
            operands.add(operand(t));
            while (t.peek().is(TokenKind.COMMA)) {
                t.next();
                operands.add(operand(t));
            }
        }
        if (o16 != null) {
            m = sixteenBitForm(m, o16);
        }
        if ((m == Mnemonic.LOOP || m == Mnemonic.LOOPE || m == Mnemonic.LOOPNE) && operands.size() == 2
                && operands.get(1) instanceof OperandSyntax.RegisterOperand r
                && (r.register() == Register.CX || r.register() == Register.ECX)) {
            a16 |= r.register() == Register.CX; // NASM's "loop label, cx": the count in CX (0x67)
            operands.remove(1);
        }
        return new Statement.Code(m, prefix, a16, operands);
    }

    /** {@code o16}: the instructions whose 16-bit form has no name of its own in NASM, or the 16-bit name. */
    private Mnemonic sixteenBitForm(Mnemonic m, Token o16) {
        return switch (m) {
            case ENTER -> Mnemonic.ENTERW;
            case LEAVE -> Mnemonic.LEAVEW;
            case PUSHFD -> Mnemonic.PUSHFW;
            case POPFD -> Mnemonic.POPFW;
            case PUSHAD -> Mnemonic.PUSHAW;
            case POPAD -> Mnemonic.POPAW;
            case ENTERW, LEAVEW, PUSHFW, POPFW, PUSHAW, POPAW -> m;
            default -> {
                error(o16.pos(), "o16 is supported only on enter, leave, pushf, popf, pusha and popa; "
                        + "elsewhere a 16-bit operand says it");
                yield m;
            }
        };
    }

    private Statement.Data data(Tokens t, int unit) {
        List<Statement.DataItem> items = new ArrayList<>();
        do {
            if (t.peek().is(TokenKind.COMMA)) {
                t.next();
            }
            Token tok = t.peek();
            if (tok.is(TokenKind.END)) {
                error(tok.pos(), "expected a value after the comma");
            }
            if (tok.is(TokenKind.STRING) && (t.peek(1).is(TokenKind.COMMA) || t.peek(1).is(TokenKind.END))) {
                t.next();
                byte[] b = tok.bytes();
                int padded = (b.length + unit - 1) / unit * unit;
                items.add(new Statement.DataItem.Bytes(java.util.Arrays.copyOf(b, padded)));
            } else {
                items.add(new Statement.DataItem.Number(expression(t), tok.pos()));
            }
        } while (t.peek().is(TokenKind.COMMA));
        return new Statement.Data(unit, items);
    }

    private OperandSyntax operand(Tokens t) {
        int size = 0;
        boolean strict = false;
        boolean far = false;
        SourcePos pos = t.peek().pos();
        while (t.peek().is(TokenKind.IDENTIFIER)) {
            String w = lower(t.peek().text());
            int s = switch (w) {
                case "byte", "short" -> 1;
                case "word" -> 2;
                case "dword", "near" -> 4;
                case "qword" -> 8;
                default -> 0;
            };
            if (s != 0) {
                size = s;
            } else if (w.equals("strict")) {
                strict = true;
            } else if (w.equals("far")) {
                far = true;
            } else {
                break;
            }
            t.next();
        }
        Token tok = t.peek();
        if (tok.is(TokenKind.LBRACKET)) {
            t.next();
            Register segment = null;
            boolean wordAddress = false;
            for (int part = 0; part < 2; part++) {
                if (t.peek().is(TokenKind.IDENTIFIER) && t.peek(1).is(TokenKind.COLON) && segment == null) {
                    Register r = Register.byName(t.peek().text());
                    if (r == null || r.kind() != Register.Kind.SEGMENT) {
                        error(t.peek().pos(), "'" + t.peek().text() + "' is not a segment register");
                    }
                    segment = r;
                    t.next();
                    t.next();
                } else if (t.peek().is(TokenKind.IDENTIFIER) && lower(t.peek().text()).equals("word")) {
                    wordAddress = true; // [word 0x1234]: a 16-bit address, 0x67
                    t.next();
                } else if (t.peek().is(TokenKind.IDENTIFIER) && lower(t.peek().text()).equals("dword")) {
                    t.next();
                }
            }
            Expr address = expression(t);
            expect(t, TokenKind.RBRACKET, "`]` to close the memory operand");
            return new OperandSyntax.MemoryOperand(size, far, segment, address, wordAddress, pos);
        }
        if (tok.is(TokenKind.IDENTIFIER) && Register.byName(tok.text()) != null
                && (t.peek(1).is(TokenKind.COMMA) || t.peek(1).is(TokenKind.END))) {
            t.next();
            if (size != 0 && Register.byName(tok.text()).size() != size) {
                error(tok.pos(), "mismatch in operand sizes: '" + tok.text() + "' is not " + sizeName(size));
            }
            return new OperandSyntax.RegisterOperand(Register.byName(tok.text()), pos);
        }
        if (far) {
            error(tok.pos(), "`far` goes with a memory operand (jmp far [m]) or a sel:offset pair");
        }
        Expr value = expression(t);
        if (EffectiveAddress.mentionsRegister(value)) {
            error(tok.pos(), "a register cannot be part of an expression here (memory operands need [ ])");
        }
        if (t.peek().is(TokenKind.COLON)) {
            t.next();
            Expr offset = expression(t);
            return new OperandSyntax.FarOperand(value, offset, pos);
        }
        return new OperandSyntax.ImmediateOperand(value, size, strict, pos);
    }

    private Expr expression(Tokens t) {
        Token start = t.peek();
        if (start.is(TokenKind.END)) {
            error(start.pos(), "expected an expression");
        }
        ExprParser.Parsed p = ExprParser.parse(t.list, t.i, diag);
        if (!p.ok()) {
            throw new LineError();
        }
        t.i = p.end();
        return qualify(p.expr());
    }

    /** Local labels ({@code .loop}) belong to the last ordinary label before them. */
    private Expr qualify(Expr e) {
        if (e instanceof Expr.Symbol s && isLocal(s.name())) {
            return new Expr.Symbol(labelBase + s.name());
        }
        if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), qualify(u.operand()));
        }
        if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), qualify(b.left()), qualify(b.right()));
        }
        return e;
    }

    private String defineLabel(String name, SourcePos pos) {
        if (isLocal(name)) {
            return labelBase + name;
        }
        if (!name.startsWith("..@")) {
            labelBase = name;
        }
        return name;
    }

    private static boolean isLocal(String name) {
        return name.startsWith(".") && !name.startsWith("..");
    }

    private static boolean isKeyword(String word) {
        String w = lower(word);
        return Mnemonic.byName(w) != null || w.equals("jcxz") || DATA.contains(w) || RESERVE.contains(w) || DIRECTIVES.contains(w)
                || PREFIXES.contains(w);
    }

    private void expect(Tokens t, TokenKind kind, String what) {
        if (!t.peek().is(kind)) {
            error(t.peek().pos(), "expected " + what + ", found `" + t.peek().text() + "`");
        }
        t.next();
    }

    private void error(SourcePos pos, String message) {
        diag.error(pos, message);
        throw new LineError();
    }

    private static int unit(char c) {
        return switch (c) {
            case 'b' -> 1;
            case 'w' -> 2;
            case 'd' -> 4;
            default -> 8;
        };
    }

    private static String sizeName(int size) {
        return switch (size) {
            case 1 -> "a byte";
            case 2 -> "a word";
            case 4 -> "a dword";
            default -> "a qword";
        };
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
