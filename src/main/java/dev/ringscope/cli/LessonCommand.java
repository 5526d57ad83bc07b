package dev.ringscope.cli;

import dev.ringscope.lesson.Lesson;
import dev.ringscope.lesson.LessonException;
import dev.ringscope.lesson.LessonReader;
import dev.ringscope.lesson.LessonResolver;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.lesson.StepPosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = "Guided lessons (samples/lessons/*.json, docs/lesson-format.md).",
        subcommands = {LessonCommand.Check.class, LessonExport.class})
final class LessonCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a lesson command is required (check, export)");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Read each lesson, run its guest and find every step's point in the run. Prints one line "
                    + "per lesson, or its problems. Exit 0 when every lesson is good, 2 when a file is bad (malformed, "
                    + "unknown field, bad value, missing label), 1 when a point is never reached."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "lesson files (.json)")
        List<Path> files;

        @Option(names = "--positions", description = "also print where each step's point is (event, instruction, cycle)")
        boolean positions;

        @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "5000000",
                description = "how far one step may run the guest to find its point (default ${DEFAULT-VALUE})")
        long maxInstructions;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (maxInstructions < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-instructions must be positive");
            }
            boolean badFile = false;
            boolean notReached = false;
            for (Path file : files) {
                try {
                    UserFiles.requireReadable(file);
                    Lesson lesson = LessonReader.read(file);
                    ResolvedLesson resolved = new LessonResolver(maxInstructions).resolve(lesson);
                    int n = lesson.steps().size();
                    out.println(lesson.fileName() + ": " + n + " step" + (n == 1 ? "" : "s") + ", every point reached");
                    if (positions) {
                        printPositions(out, resolved);
                    }
                } catch (LessonException e) {
                    e.problems().forEach(err::println);
                    badFile |= e.kind() == LessonException.Kind.BAD_FILE;
                    notReached |= e.kind() == LessonException.Kind.POINT_NOT_REACHED;
                } catch (IOException e) {
                    err.println("ringscope lesson check: " + UserFiles.cannotRead(file, e));
                    badFile = true;
                }
            }
            out.flush();
            err.flush();
            return badFile ? ExitCodes.BAD_INPUT : notReached ? ExitCodes.RUN_ERROR : ExitCodes.OK;
        }

        private static void printPositions(PrintWriter out, ResolvedLesson resolved) {
            List<LessonStep> steps = resolved.lesson().steps();
            for (int i = 0; i < steps.size(); i++) {
                StepPosition p = resolved.position(i);
                out.printf("  step %2d %-34s %-19s %-6s %-6s event %,d, instructions retired %,d, cycle %,d%n", p.step(),
                        "'" + steps.get(i).title() + "'", p.technique().id(), p.strictIsa() ? "strict" : "x86",
                        p.costPreset(), p.event(), p.instruction() + 1, p.cycle());
            }
        }
    }
}
