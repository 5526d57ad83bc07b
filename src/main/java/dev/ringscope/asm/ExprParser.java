package dev.ringscope.asm;

import java.util.List;

/**
 * Parses a NASM expression from a token list, by precedence climbing. It stops at the first
 * token that cannot continue the expression ({@code , ] : END}, or anything else) and says where,
 * so a statement parser can read {@code [ebx+ecx*4+label-3]} by parsing from just after the
 * {@code [} and then expecting a {@code ]}.
 */
public final class ExprParser {

    /** Guards the recursion (and the evaluator's) against pathological input such as 10 000 "(". */
    static final int MAX_OPERATORS = 1000;

    /**
     * The parsed expression and the index of the first token not consumed.
     * If parsing failed, expr is null, the error has been reported and end is where it failed.
     */
    public record Parsed(Expr expr, int end) {
        public boolean ok() {
            return expr != null;
        }
    }

    private static final class Failure extends RuntimeException {
        final Token at;

        Failure(Token at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private final List<Token> tokens;
    private int pos;
    private int operators;

    private ExprParser(List<Token> tokens, int start) {
        this.tokens = tokens;
        this.pos = start;
    }

    /** Parses the expression that starts at {@code tokens.get(start)}; the list must end with END. */
    public static Parsed parse(List<Token> tokens, int start, Diagnostics diag) {
        ExprParser parser = new ExprParser(tokens, start);
        try {
            Expr expr = parser.binary(1);
            return new Parsed(expr, parser.pos);
        } catch (Failure f) {
            diag.error(f.at.pos(), f.getMessage());
            return new Parsed(null, tokens.indexOf(f.at));
        }
    }

    /** Parses a whole line (or the tokens from start) as one expression; anything left over is an error. */
    public static Parsed parseAll(List<Token> tokens, int start, Diagnostics diag) {
        Parsed parsed = parse(tokens, start, diag);
        if (parsed.ok() && !tokens.get(parsed.end()).is(TokenKind.END)) {
            Token extra = tokens.get(parsed.end());
            diag.error(extra.pos(), "unexpected `" + extra.text() + "` after expression");
            return new Parsed(null, parsed.end());
        }
        return parsed;
    }

    private Expr binary(int minPrecedence) {
        Expr left = unary();
        while (true) {
            Token t = peek();
            Operator op = t.is(TokenKind.OPERATOR) ? Operator.binary(t.text()) : null;
            if (op == null || op.precedence() < minPrecedence) {
                return left;
            }
            countOperator(t);
            pos++;
            left = new Expr.Binary(op, left, binary(op.precedence() + 1));
        }
    }

    private Expr unary() {
        Token t = peek();
        Operator op = t.is(TokenKind.OPERATOR) ? Operator.unary(t.text()) : null;
        if (op != null) {
            countOperator(t);
            pos++;
            return new Expr.Unary(op, unary());
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER, STRING -> {
                pos++;
                return new Expr.Number(t.value());
            }
            case IDENTIFIER -> {
                pos++;
                return new Expr.Symbol(t.text());
            }
            case DOLLAR -> {
                pos++;
                return new Expr.Here();
            }
            case DOUBLE_DOLLAR -> {
                pos++;
                return new Expr.SectionStart();
            }
            case LPAREN -> {
                countOperator(t);
                pos++;
                Expr inner = binary(1);
                if (!peek().is(TokenKind.RPAREN)) {
                    throw new Failure(peek(), "expected `)` to close the `(` at column " + t.pos().column());
                }
                pos++;
                return inner;
            }
            case END -> throw new Failure(t, "expected an expression at end of line");
            default -> throw new Failure(t, "expected an expression, found `" + t.text() + "`");
        }
    }

    private void countOperator(Token t) {
        if (++operators > MAX_OPERATORS) {
            throw new Failure(t, "expression is too complex (more than " + MAX_OPERATORS + " operators)");
        }
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : tokens.get(tokens.size() - 1);
    }
}
