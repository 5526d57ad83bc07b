package dev.ringscope.asm;

/**
 * Evaluates an {@link Expr} with NASM's rules for addresses. Internally a value carries how many
 * times the section base is in it (labels, {@code $}, {@code $$} count once): {@code lbl+lbl-lbl}
 * is fine, {@code lbl*2} or {@code lbl+lbl} is not, and {@code lbl-lbl} is a plain number.
 */
final class Evaluator {

    static final String NOT_RELOCATABLE = "expression is not simple or relocatable";

    /** A value plus its count of section bases (0 = plain number, 1 = address). */
    private record Term(long value, long bases) {
        boolean scalar() {
            return bases == 0;
        }
    }

    /** Unwinds the evaluation with a failure; cheap because it has no stack trace. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final SymbolResolver resolver;

    private Evaluator(SymbolResolver resolver) {
        this.resolver = resolver;
    }

    static Evaluation evaluate(Expr expr, SymbolResolver resolver) {
        for (String name : expr.symbols()) {
            if (resolver.resolve(name) == null) {
                return new Evaluation.Unknown(name);
            }
        }
        try {
            Term t = new Evaluator(resolver).eval(expr);
            // NASM accepts "5-lbl" in flat binaries: the value is exact, just not an address.
            if (t.bases() == 0 || t.bases() == -1) {
                return new Evaluation.Known(Value.absolute(t.value()));
            }
            if (t.bases() == 1) {
                return new Evaluation.Known(Value.address(t.value()));
            }
            return new Evaluation.Failed(NOT_RELOCATABLE);
        } catch (Failure f) {
            return new Evaluation.Failed(f.getMessage());
        }
    }

    private Term eval(Expr expr) {
        if (expr instanceof Expr.Number n) {
            return new Term(n.value(), 0);
        } else if (expr instanceof Expr.Symbol s) {
            Value v = resolver.resolve(s.name());
            return new Term(v.value(), v.relocatable() ? 1 : 0);
        } else if (expr instanceof Expr.Here) {
            return new Term(resolver.here(), 1);
        } else if (expr instanceof Expr.SectionStart) {
            return new Term(resolver.sectionStart(), 1);
        } else if (expr instanceof Expr.Unary u) {
            return unary(u.op(), eval(u.operand()));
        }
        Expr.Binary b = (Expr.Binary) expr;
        return binary(b.op(), eval(b.left()), eval(b.right()));
    }

    private static Term unary(Operator op, Term t) {
        return switch (op) {
            case NEGATE -> new Term(-t.value(), -t.bases());
            case PLUS -> t;
            case NOT -> new Term(~scalar(op, t), 0);
            case LOGICAL_NOT -> new Term(scalar(op, t) == 0 ? 1 : 0, 0);
            default -> throw new IllegalArgumentException("not a unary operator: " + op);
        };
    }

    private static Term binary(Operator op, Term a, Term b) {
        return switch (op) {
            case ADD -> new Term(a.value() + b.value(), a.bases() + b.bases());
            case SUBTRACT -> new Term(a.value() - b.value(), a.bases() - b.bases());
            case MULTIPLY -> multiply(a, b);
            case EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL -> compare(op, a, b);
            default -> new Term(scalarOp(op, scalar(op, a), scalar(op, b)), 0);
        };
    }

    /** Scaling an address is allowed on the way (e.g. {@code (lbl*2 - lbl) }), not in the result. */
    private static Term multiply(Term a, Term b) {
        if (!a.scalar() && !b.scalar()) {
            throw new Failure(NOT_RELOCATABLE);
        }
        return new Term(a.value() * b.value(), a.bases() * b.value() + b.bases() * a.value());
    }

    /**
     * NASM compares by the sign of the 64-bit difference, which wraps (asm/eval.c, the comparison level of
     * the evaluator): {@code 0x8000000000000000 < 1} is 0 there, though as signed numbers it would be 1,
     * and {@code -1 < 0} is 1, though as unsigned ones it would be 0. Two addresses may be compared, as
     * their difference is a number.
     */
    private static Term compare(Operator op, Term a, Term b) {
        if (a.bases() != b.bases()) {
            throw new Failure("`" + op.symbol() + "` compares an address with a number");
        }
        int c = Long.signum(a.value() - b.value());
        boolean result = switch (op) {
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
            case LESS -> c < 0;
            case LESS_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            default -> c >= 0;
        };
        return new Term(result ? 1 : 0, 0);
    }

    private static long scalarOp(Operator op, long a, long b) {
        return switch (op) {
            case DIVIDE -> Long.divideUnsigned(a, nonZero(b));
            case SIGNED_DIVIDE -> a / nonZero(b);
            case MODULO -> Long.remainderUnsigned(a, nonZero(b));
            case SIGNED_MODULO -> a % nonZero(b);
            case SHIFT_LEFT, SIGNED_SHIFT_LEFT -> shift(b) >= 64 ? 0 : a << b;
            case SHIFT_RIGHT -> shift(b) >= 64 ? 0 : a >>> b;
            case SIGNED_SHIFT_RIGHT -> a >> Math.min(shift(b), 63);
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
            default -> throw new IllegalArgumentException("not a scalar operator: " + op);
        };
    }

    /** Shift counts are unsigned: a negative count is a huge one. */
    private static long shift(long count) {
        return count < 0 || count >= 64 ? 64 : count;
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) {
            throw new Failure("division by zero");
        }
        return divisor;
    }

    private static long scalar(Operator op, Term t) {
        if (!t.scalar()) {
            throw new Failure("`" + op.symbol() + "` needs plain numbers, not an address (label, $ or $$)");
        }
        return t.value();
    }
}
