package dev.ringscope.asm;

/**
 * NASM expression operators. Binary precedence, lowest first: {@code || ^^ && comparisons | ^ &
 * shifts + - * /}; {@code /} and {@code %} are unsigned, {@code //} and {@code %%} signed,
 * {@code >>} is a logical shift and {@code >>>} an arithmetic one (NASM 2.15+).
 */
public enum Operator {
    LOGICAL_OR("||", 1), LOGICAL_XOR("^^", 2), LOGICAL_AND("&&", 3),
    EQUAL("==", 4), NOT_EQUAL("!=", 4), LESS("<", 4), LESS_EQUAL("<=", 4),
    GREATER(">", 4), GREATER_EQUAL(">=", 4),
    OR("|", 5), XOR("^", 6), AND("&", 7),
    SHIFT_LEFT("<<", 8), SHIFT_RIGHT(">>", 8), SIGNED_SHIFT_LEFT("<<<", 8), SIGNED_SHIFT_RIGHT(">>>", 8),
    ADD("+", 9), SUBTRACT("-", 9),
    MULTIPLY("*", 10), DIVIDE("/", 10), SIGNED_DIVIDE("//", 10), MODULO("%", 10), SIGNED_MODULO("%%", 10),
    // Unary operators (precedence unused: they bind tighter than any binary operator).
    NEGATE("-", 0), PLUS("+", 0), NOT("~", 0), LOGICAL_NOT("!", 0);

    private final String symbol;
    private final int precedence;

    Operator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    int precedence() {
        return precedence;
    }

    /** The binary operator spelled {@code text}; NASM also accepts {@code =} and {@code <>}. Null if none. */
    static Operator binary(String text) {
        return switch (text) {
            case "=" -> EQUAL;
            case "<>" -> NOT_EQUAL;
            default -> {
                for (Operator op : values()) {
                    if (op.precedence > 0 && op.symbol.equals(text)) {
                        yield op;
                    }
                }
                yield null;
            }
        };
    }

    static Operator unary(String text) {
        return switch (text) {
            case "-" -> NEGATE;
            case "+" -> PLUS;
            case "~" -> NOT;
            case "!" -> LOGICAL_NOT;
            default -> null;
        };
    }
}
