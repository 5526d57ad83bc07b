package dev.ringscope.lesson;

import java.util.List;

/**
 * A lesson that cannot be used, with every problem found in it. Each problem is one line a person can
 * act on: {@code lesson1.json:12:15: field 'steps[3].runTo': expected one of instruction, label, event}.
 */
public final class LessonException extends Exception {

    /** What kind of trouble: the file itself, or a point of the guest's run that is never reached. */
    public enum Kind {
        /** The file is malformed or names something that does not exist: fix the lesson. */
        BAD_FILE,
        /** The file is well formed but a step points where the run never goes. */
        POINT_NOT_REACHED
    }

    private final Kind kind;
    private final List<String> problems;

    public LessonException(Kind kind, List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a lesson exception needs at least one problem");
        }
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    /** One line each, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
