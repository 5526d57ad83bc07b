package dev.ringscope.asm;

import dev.ringscope.isa.Register;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the expression inside {@code [ ]} as NASM does: a sum of registers times constants plus a
 * displacement ({@code [eax + 2*ebx + table - 4]}), then picks base, index and scale from it —
 * the first unscaled register is the base; {@code [eax*3]}, {@code *5} and {@code *9} become
 * base + index*2, *4, *8 (SDM Vol. 2A §2.1.5 allows scales 1, 2, 4, 8 only).
 */
final class EffectiveAddress {

    /** The outcome: base, index, scale and displacement, or why there is none yet. */
    record Result(Register base, Register index, int scale, long displacement, Evaluation problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** A linear form: constant + sum of coefficient × register. */
    private record Linear(long constant, Map<Register, Long> registers) {
        boolean hasRegisters() {
            return registers.values().stream().anyMatch(c -> c != 0);
        }
    }

    private static final class Stop extends RuntimeException {
        final Evaluation evaluation;

        Stop(Evaluation evaluation) {
            super(null, null, false, false);
            this.evaluation = evaluation;
        }
    }

    private EffectiveAddress() {
    }

    static Result resolve(Expr expr, SymbolResolver resolver) {
        Linear linear;
        try {
            linear = linear(expr, resolver);
        } catch (Stop s) {
            return new Result(null, null, 1, 0, s.evaluation);
        }
        Register base = null;
        Register index = null;
        int scale = 1;
        for (Map.Entry<Register, Long> e : linear.registers().entrySet()) {
            long c = e.getValue();
            if (c == 0) {
                continue;
            }
            if (c == 1 && base == null) {
                base = e.getKey();
            } else if (index == null && (c == 1 || c == 2 || c == 4 || c == 8)) {
                index = e.getKey();
                scale = (int) c;
            } else if (base == null && index == null && (c == 3 || c == 5 || c == 9)) {
                base = e.getKey();
                index = e.getKey();
                scale = (int) c - 1;
            } else {
                return invalid();
            }
        }
        long nonZero = linear.registers().values().stream().filter(c -> c != 0).count();
        if (nonZero > 0 && base == null && index == null) {
            return invalid();
        }
        return new Result(base, index, scale, linear.constant(), null);
    }

    private static Result invalid() {
        return new Result(null, null, 1, 0, new Evaluation.Failed("invalid effective address"));
    }

    private static Linear linear(Expr expr, SymbolResolver resolver) {
        if (expr instanceof Expr.Symbol s) {
            Register r = Register.byName(s.name());
            if (r != null) {
                if (!r.isGeneral() || r.size() == 1) {
                    throw new Stop(new Evaluation.Failed("invalid effective address: " + r
                            + " cannot address memory"));
                }
                Map<Register, Long> m = new LinkedHashMap<>();
                m.put(r, 1L);
                return new Linear(0, m);
            }
        }
        if (expr instanceof Expr.Binary b && !mentionsRegister(b)) {
            return constant(b, resolver);
        }
        if (expr instanceof Expr.Binary b) {
            Linear left = linear(b.left(), resolver);
            Linear right = linear(b.right(), resolver);
            return switch (b.op()) {
                case ADD -> add(left, right, 1);
                case SUBTRACT -> add(left, right, -1);
                case MULTIPLY -> {
                    if (left.hasRegisters() && right.hasRegisters()) {
                        throw new Stop(new Evaluation.Failed("invalid effective address: registers multiplied"));
                    }
                    yield left.hasRegisters() ? scale(left, right.constant()) : scale(right, left.constant());
                }
                default -> throw new Stop(new Evaluation.Failed("invalid effective address: '" + b.op().symbol()
                        + "' cannot be applied to a register"));
            };
        }
        if (expr instanceof Expr.Unary u && mentionsRegister(u)) {
            Linear inner = linear(u.operand(), resolver);
            return switch (u.op()) {
                case PLUS -> inner;
                case NEGATE -> scale(inner, -1);
                default -> throw new Stop(new Evaluation.Failed("invalid effective address: '" + u.op().symbol()
                        + "' cannot be applied to a register"));
            };
        }
        return constant(expr, resolver);
    }

    private static Linear constant(Expr expr, SymbolResolver resolver) {
        Evaluation ev = Evaluator.evaluate(expr, resolver);
        if (!ev.isKnown()) {
            throw new Stop(ev);
        }
        return new Linear(ev.value().value(), new LinkedHashMap<>());
    }

    private static Linear add(Linear a, Linear b, long sign) {
        Map<Register, Long> m = new LinkedHashMap<>(a.registers());
        b.registers().forEach((r, c) -> m.merge(r, sign * c, Long::sum));
        return new Linear(a.constant() + sign * b.constant(), m);
    }

    private static Linear scale(Linear a, long k) {
        Map<Register, Long> m = new LinkedHashMap<>();
        a.registers().forEach((r, c) -> m.put(r, c * k));
        return new Linear(a.constant() * k, m);
    }

    static boolean mentionsRegister(Expr expr) {
        if (expr instanceof Expr.Symbol s) {
            return Register.byName(s.name()) != null;
        }
        if (expr instanceof Expr.Unary u) {
            return mentionsRegister(u.operand());
        }
        if (expr instanceof Expr.Binary b) {
            return mentionsRegister(b.left()) || mentionsRegister(b.right());
        }
        return false;
    }
}
