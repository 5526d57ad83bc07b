package dev.ringscope.lesson;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.asm.Program;
import dev.ringscope.machine.BootException;
import dev.ringscope.replay.Breakpoint;
import dev.ringscope.replay.Move;
import dev.ringscope.replay.Playback;
import dev.ringscope.replay.PlaybackPosition;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a lesson's guest and walks its steps in order, each from the previous step's point in the same
 * run, so every point is a real moment of the run and its position is known exactly. A step that
 * switches technique, ISA or cost preset continues the run of that setup (started fresh the first time), and the
 * lesson's own setup picks up where it was left. The emulator is deterministic, so resolving a lesson
 * again gives the same positions.
 */
public final class LessonResolver {

    /** How far one step may run the guest to find its point. */
    public static final long DEFAULT_MAX_INSTRUCTIONS_PER_STEP = 5_000_000;

    private final long maxInstructionsPerStep;

    public LessonResolver() {
        this(DEFAULT_MAX_INSTRUCTIONS_PER_STEP);
    }

    public LessonResolver(long maxInstructionsPerStep) {
        if (maxInstructionsPerStep < 1) {
            throw new IllegalArgumentException("the bound must be positive");
        }
        this.maxInstructionsPerStep = maxInstructionsPerStep;
    }

    /**
     * Builds and runs the guest and finds every step's point.
     *
     * @throws LessonException BAD_FILE if the guest does not build or a label is not in it;
     *                         POINT_NOT_REACHED naming the first step whose point the run never reaches
     */
    public ResolvedLesson resolve(Lesson lesson) throws LessonException {
        Map<Technique, Program> programs = new EnumMap<>(Technique.class);
        for (LessonStep step : lesson.steps()) {
            Technique t = lesson.setupOf(step).technique();
            if (!programs.containsKey(t)) {
                programs.put(t, build(lesson, t));
            }
        }
        checkLabels(lesson, programs);
        Map<RunSetup, Playback> runs = new LinkedHashMap<>();
        List<StepPosition> positions = new ArrayList<>();
        for (LessonStep step : lesson.steps()) {
            RunSetup setup = lesson.setupOf(step);
            Playback playback = runs.get(setup);
            if (playback == null) {
                try {
                    playback = Playback.live(setup.boot(programs.get(setup.technique()).bytes()));
                } catch (BootException e) {
                    throw bad(lesson.fileName() + ": the guest program cannot be booted under " + setup.describe() + ": "
                            + e.getMessage());
                }
                runs.put(setup, playback);
            }
            String missed = runTo(playback, step.runTo(), programs.get(setup.technique()));
            if (missed != null) {
                throw new LessonException(LessonException.Kind.POINT_NOT_REACHED, List.of(lesson.fileName() + ": step "
                        + step.number() + " ('" + step.title() + "'): " + missed));
            }
            PlaybackPosition at = playback.position();
            positions.add(new StepPosition(step.number(), setup.technique(), setup.strictIsa(), setup.cost().name(), at.event(),
                    at.instruction(), playback.view().cycle()));
        }
        return new ResolvedLesson(lesson, positions, programs, runs);
    }

    /** The program a technique boots for the lesson's guest (the mini OS around a user program, PARAVIRT for paravirtual). */
    static Program build(Lesson lesson, Technique technique) throws LessonException {
        String name = lesson.program().getFileName().toString();
        try {
            return MiniOs.isUserProgram(lesson.program())
                    ? MiniOs.build(lesson.program(), technique.guestDefines(Map.of()))
                    : new Assembler().assembleFile(lesson.program());
        } catch (AsmException e) {
            throw bad(lesson.fileName() + ": the guest program '" + name + "' does not assemble"
                    + (technique.needsParavirtualGuest() ? " for " + technique.id() : "") + ": " + e.errors().get(0));
        } catch (IOException e) {
            throw bad(lesson.fileName() + ": cannot read the guest program '" + name + "': " + e.getMessage());
        }
    }

    /** Every label the lesson names exists in the program of the step's technique. */
    private static void checkLabels(Lesson lesson, Map<Technique, Program> programs) throws LessonException {
        List<String> problems = new ArrayList<>();
        for (LessonStep step : lesson.steps()) {
            Program program = programs.get(lesson.setupOf(step).technique());
            if (step.runTo() instanceof RunPoint.AtLabel at && program.symbol(at.label()) == null) {
                problems.add(at.spot().prefix(lesson.fileName()) + ": expected a label of "
                        + lesson.program().getFileName() + ", found '" + at.label() + "'");
            }
            for (Highlight h : step.highlights()) {
                if (h instanceof Highlight.CodeLine line && line.label() != null && program.symbol(line.label()) == null) {
                    problems.add(line.spot().prefix(lesson.fileName()) + ": expected a label of "
                            + lesson.program().getFileName() + ", found '" + line.label() + "'");
                } else if (h instanceof Highlight.CodeLine line && line.address() != null
                        && program.lineAt(line.address()) == null) {
                    problems.add(line.spot().prefix(lesson.fileName()) + ": expected the address of a code line of "
                            + lesson.program().getFileName() + String.format(", found 0x%X (no line there)", line.address()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new LessonException(LessonException.Kind.BAD_FILE, problems);
        }
    }

    /** Runs {@code playback} on to {@code point}; null when there, else why not. */
    private String runTo(Playback playback, RunPoint point, Program program) {
        long startInstruction = playback.position().instruction();
        if (point instanceof RunPoint.AfterInstructions after) {
            long target = after.count() - 1;
            if (target < startInstruction) {
                return String.format("instruction %,d is before the previous step's point in this run (instruction %,d)",
                        after.count(), startInstruction + 1);
            }
            if (target - startInstruction > maxInstructionsPerStep) {
                return String.format("instruction %,d is more than %,d instructions after the previous step's point",
                        after.count(), maxInstructionsPerStep);
            }
            playback.seekInstruction(target);
            return playback.position().instruction() == target ? null : ended(playback, point);
        }
        long left = maxInstructionsPerStep;
        int count = point instanceof RunPoint.AtLabel at ? at.count() : ((RunPoint.NextEvent) point).count();
        Breakpoint breakpoint = point instanceof RunPoint.AtLabel at
                ? Breakpoint.at((int) (long) program.symbol(at.label())) : null;
        if (breakpoint != null) {
            playback.addBreakpoint(breakpoint);
        }
        try {
            for (int i = 0; i < count; i++) {
                long from = playback.position().event();
                Move m = breakpoint != null ? playback.advance(left)
                        : playback.stepToNext(EnumSet.of(((RunPoint.NextEvent) point).kind()), left);
                left -= m.instructions();
                boolean there = breakpoint != null ? m.stop() == Move.Stop.BREAKPOINT
                        : m.stop() == Move.Stop.COMPLETED
                        || m.stop() == Move.Stop.END && seen(playback, ((RunPoint.NextEvent) point).kind(), from);
                if (!there) {
                    return m.stop() == Move.Stop.END ? ended(playback, point)
                            : String.format("%s is not reached within %,d instructions of the previous step's point",
                            point.describe(), maxInstructionsPerStep);
                }
            }
        } finally {
            if (breakpoint != null) {
                playback.removeBreakpoint(breakpoint);
            }
        }
        return null;
    }

    /**
     * Whether an event of {@code kind} came after position {@code from}: the events that end a run (runEnded,
     * guestHalted) follow the last instruction's step, where stepToNext does not look, and are reached at the end.
     */
    private static boolean seen(Playback playback, dev.ringscope.trace.EventKind kind, long from) {
        for (long i = from, n = playback.trace().size(); i < n; i++) {
            if (playback.trace().kindAt(i) == kind) {
                return true;
            }
        }
        return false;
    }

    private static String ended(Playback playback, RunPoint point) {
        return String.format("the run ended after %,d instructions before %s", playback.position().instructionsKnown(),
                point.describe());
    }

    private static LessonException bad(String problem) {
        return new LessonException(LessonException.Kind.BAD_FILE, List.of(problem));
    }
}
