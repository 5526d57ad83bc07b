package dev.ringscope.lesson;

import dev.ringscope.trace.EventKind;

/**
 * Where a step runs the guest to. Every point is a moment of the real run, found by running it:
 * after the {@code n}-th instruction, when the instruction at a label retires (the {@code count}-th
 * time), or at the {@code count}-th next event of a kind after the previous step's point.
 */
public sealed interface RunPoint permits RunPoint.AfterInstructions, RunPoint.AtLabel, RunPoint.NextEvent {

    Spot spot();

    /** What a message calls this point: "the next vmExit", "label user_main". */
    String describe();

    /** After {@code count} instructions have retired since the run began (the position seekInstruction(count - 1)). */
    record AfterInstructions(long count, Spot spot) implements RunPoint {
        @Override
        public String describe() {
            return String.format("instruction %,d", count);
        }
    }

    /** The {@code count}-th retirement, after the previous point, of the instruction at {@code label}. */
    record AtLabel(String label, int count, Spot spot) implements RunPoint {
        @Override
        public String describe() {
            return count == 1 ? "label " + label : "the " + Ordinals.of(count) + " time at label " + label;
        }
    }

    /** The {@code count}-th event of {@code kind} after the previous point. */
    record NextEvent(EventKind kind, int count, Spot spot) implements RunPoint {
        @Override
        public String describe() {
            return count == 1 ? "the next " + kind.jsonName()
                    : "the " + Ordinals.of(count) + " " + kind.jsonName() + " after the previous step's point";
        }
    }
}
