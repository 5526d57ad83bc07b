package dev.ringscope.asm;

import java.util.LinkedHashSet;
import java.util.Set;

/** A NASM expression tree, as parsed by {@link ExprParser}. */
public sealed interface Expr {

    record Number(long value) implements Expr {
    }

    /** A name: a label, a constant, or (inside brackets) a register the statement layer recognises. */
    record Symbol(String name) implements Expr {
    }

    /** {@code $} */
    record Here() implements Expr {
    }

    /** {@code $$} */
    record SectionStart() implements Expr {
    }

    record Unary(Operator op, Expr operand) implements Expr {
    }

    record Binary(Operator op, Expr left, Expr right) implements Expr {
    }

    default Evaluation evaluate(SymbolResolver resolver) {
        return Evaluator.evaluate(this, resolver);
    }

    /** The names this expression uses, in order of first use. */
    default Set<String> symbols() {
        Set<String> names = new LinkedHashSet<>();
        collectSymbols(this, names);
        return names;
    }

    /** Whether the expression uses {@code $}: its value then depends on where it stands. */
    default boolean usesHere() {
        if (this instanceof Unary u) {
            return u.operand().usesHere();
        } else if (this instanceof Binary b) {
            return b.left().usesHere() || b.right().usesHere();
        }
        return this instanceof Here;
    }

    private static void collectSymbols(Expr expr, Set<String> names) {
        if (expr instanceof Symbol s) {
            names.add(s.name());
        } else if (expr instanceof Unary u) {
            collectSymbols(u.operand(), names);
        } else if (expr instanceof Binary b) {
            collectSymbols(b.left(), names);
            collectSymbols(b.right(), names);
        }
    }
}
