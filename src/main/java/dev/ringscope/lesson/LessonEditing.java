package dev.ringscope.lesson;

import java.util.ArrayList;
import java.util.List;

/** Changes to a lesson made in the app (authoring): the lesson stays valid, its steps numbered 1, 2, … */
public final class LessonEditing {

    private LessonEditing() {
    }

    /** {@code lesson} with {@code steps} in this order, renumbered. */
    public static Lesson renumbered(Lesson lesson, List<LessonStep> steps) {
        List<LessonStep> out = new ArrayList<>();
        for (LessonStep s : steps) {
            out.add(new LessonStep(out.size() + 1, s.title(), s.runTo(), s.narration(), s.highlights(), s.technique(),
                    s.strictIsa(), s.cost(), s.compare(), s.notes(), s.question(), s.rings(), s.host()));
        }
        return new Lesson(lesson.file(), lesson.title(), lesson.program(), lesson.technique(), lesson.strictIsa(),
                lesson.cost(), out);
    }

    /** {@code lesson} saved as {@code file}: messages then name the new file. */
    public static Lesson savedAs(Lesson lesson, java.nio.file.Path file) {
        return new Lesson(file, lesson.title(), lesson.program(), lesson.technique(), lesson.strictIsa(), lesson.cost(),
                lesson.steps());
    }
}
