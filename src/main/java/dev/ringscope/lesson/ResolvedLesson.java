package dev.ringscope.lesson;

import dev.ringscope.asm.Program;
import dev.ringscope.replay.Playback;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.util.List;
import java.util.Map;

/**
 * A lesson whose every point was found in its run: the position of each step, the programs built and
 * the live playbacks that ran them. {@link #show} moves a step's playback to its point exactly (the
 * events are kept, so going back to step 2 after step 9 replays the recording, it does not re-run).
 * Like a {@link Playback}, it is for one thread.
 */
public final class ResolvedLesson {

    private final Lesson lesson;
    private final List<StepPosition> positions;
    private final Map<Technique, Program> programs;
    private final Map<RunSetup, Playback> runs;

    ResolvedLesson(Lesson lesson, List<StepPosition> positions, Map<Technique, Program> programs,
                   Map<RunSetup, Playback> runs) {
        this.lesson = lesson;
        this.positions = List.copyOf(positions);
        this.programs = Map.copyOf(programs);
        this.runs = Map.copyOf(runs);
    }

    public Lesson lesson() {
        return lesson;
    }

    /** One per step, in order. */
    public List<StepPosition> positions() {
        return positions;
    }

    /** The position of the step at {@code index} (0-based). */
    public StepPosition position(int index) {
        return positions.get(index);
    }

    /** The program that step {@code index} runs (for its code view and its code highlights' addresses). */
    public Program program(int index) {
        return programs.get(lesson.setupOf(lesson.steps().get(index)).technique());
    }

    /** The playback step {@code index} runs in, wherever its cursor is now. */
    public Playback playback(int index) {
        return runs.get(lesson.setupOf(lesson.steps().get(index)));
    }

    /**
     * Where step {@code index}'s run was when the step began: the point of the latest earlier step of the same
     * setup, or the start of the run (0). A question is asked there, before the step runs on to its point.
     */
    public long startOf(int index) {
        RunSetup setup = lesson.setupOf(lesson.steps().get(index));
        for (int i = index - 1; i >= 0; i--) {
            if (lesson.setupOf(lesson.steps().get(i)).equals(setup)) {
                return positions.get(i).event();
            }
        }
        return 0;
    }

    /** The run setup of step {@code index}. */
    public RunSetup setup(int index) {
        return lesson.setupOf(lesson.steps().get(index));
    }

    /** Moves the playback of step {@code index} to where it began (the question's moment) and returns it. */
    public Playback showStart(int index) {
        Playback p = playback(index);
        p.seekEvent(startOf(index));
        return p;
    }

    /** Moves the playback of step {@code index} to that step's point and returns it. */
    public Playback show(int index) {
        Playback p = playback(index);
        p.seekEvent(positions.get(index).event());
        return p;
    }
}
