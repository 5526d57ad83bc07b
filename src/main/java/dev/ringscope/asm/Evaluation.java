package dev.ringscope.asm;

/**
 * The outcome of evaluating an expression. Unknown is not an error: in an early pass a
 * forward reference is legal, and the assembler simply tries again in the next pass.
 */
public sealed interface Evaluation {

    record Known(Value value) implements Evaluation {
    }

    /** The expression uses {@code symbol}, which the resolver does not know yet. */
    record Unknown(String symbol) implements Evaluation {
    }

    record Failed(String message) implements Evaluation {
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The value; only for a Known evaluation. */
    default Value value() {
        if (this instanceof Known known) {
            return known.value();
        }
        throw new IllegalStateException("expression has no value: " + this);
    }
}
