package dev.ringscope.lesson;

import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.List;

/**
 * A guided lesson, as read from its file (docs/lesson-format.md): a guest program, how it runs, and
 * the steps. Nothing here has run the guest yet: {@link LessonResolver} does that.
 *
 * @param file    the lesson file (messages name it)
 * @param program the guest program's file, resolved against the lesson's folder or samples/
 */
public record Lesson(Path file, String title, Path program, Technique technique, boolean strictIsa, CostModel cost,
                     List<LessonStep> steps) {

    /** The version of the format this reader understands: a file's {@code "format"} must be this. */
    public static final int FORMAT = 1;

    public Lesson {
        steps = List.copyOf(steps);
    }

    /** The lesson file's name, as messages show it. */
    public String fileName() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** How step {@code step} runs: the lesson's setup with the step's switches. */
    public RunSetup setupOf(LessonStep step) {
        RunSetup setup = RunSetup.of(step.technique().orElse(technique), step.strictIsa().orElse(strictIsa),
                step.cost().orElse(cost));
        return step.host().map(setup::withHost).orElse(setup); // the reader refused a host that cannot run the technique
    }
}
