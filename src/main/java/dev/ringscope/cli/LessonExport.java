package dev.ringscope.cli;

import dev.ringscope.lesson.Lesson;
import dev.ringscope.lesson.LessonException;
import dev.ringscope.lesson.LessonReader;
import dev.ringscope.lesson.LessonResolver;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.ui.Renderer;
import dev.ringscope.ui.present.AnimatedGif;
import dev.ringscope.ui.Themes;
import dev.ringscope.ui.present.Handout;
import dev.ringscope.ui.present.LessonPictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringscope lesson export LESSON --pdf F | --gif F | --png-dir D}: the lesson's steps drawn
 * headless, each at its resolved point — a PDF handout (a page a step: picture, narration, and for a
 * question its choices and answer), an animated GIF (a frame a step) or a folder of PNG slides.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Draw every step of a lesson at its point: a PDF handout, an animated GIF or PNG slides.")
final class LessonExport implements Callable<Integer> {


    static final class Target {
        @Option(names = "--pdf", paramLabel = "FILE", required = true, description = "a handout, one page per step")
        Path pdf;

        @Option(names = "--gif", paramLabel = "FILE", required = true, description = "an animated GIF, one frame per step")
        Path gif;

        @Option(names = "--png-dir", paramLabel = "DIR", required = true,
                description = "a folder (made if missing) for step-01.png, step-02.png, …")
        Path pngDir;
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LESSON", description = "a lesson file (.json)")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1280x720",
            description = "picture size, from 320x240 to 3840x2160 (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--dark", description = "the dark theme")
    boolean dark;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "3000",
            description = "with --gif: how long each step shows, 20 to 60000 ms (default ${DEFAULT-VALUE})")
    int delay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PictureSize picture;
        try {
            picture = PictureSize.parse(size, 3840, 2160);
        } catch (PictureSize.Bad e) {
            err.println("ringscope lesson export: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        int width = picture.width();
        int height = picture.height();
        if (delay < 20 || delay > 60_000) {
            err.println("ringscope lesson export: --delay must be from 20 to 60000 ms, not " + delay);
            return ExitCodes.BAD_INPUT;
        }
        ResolvedLesson resolved;
        try {
            UserFiles.requireReadable(file);
            resolved = new LessonResolver(LessonResolver.DEFAULT_MAX_INSTRUCTIONS_PER_STEP).resolve(LessonReader.read(file));
        } catch (UserFiles.FileProblem e) {
            err.println("ringscope lesson export: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (LessonException e) {
            e.problems().forEach(err::println);
            return e.kind() == LessonException.Kind.BAD_FILE ? ExitCodes.BAD_INPUT : ExitCodes.RUN_ERROR;
        } catch (IOException e) {
            err.println("ringscope lesson export: " + UserFiles.cannotRead(file, e));
            return ExitCodes.BAD_INPUT;
        }
        try {
            if (target.pngDir != null) {
                Files.createDirectories(target.pngDir);
            }
        } catch (IOException e) {
            err.println("ringscope lesson export: cannot make the folder " + UserFiles.quote(target.pngDir) + ": "
                    + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Path single = target.pdf != null ? target.pdf : target.gif;
        try (UserFiles.Output output = single == null ? null : UserFiles.Output.prepare(single)) {
            List<BufferedImage> pictures = pictures(resolved, width, height, dark);
            Lesson lesson = resolved.lesson();
            if (target.pngDir != null) {
                for (int i = 0; i < pictures.size(); i++) {
                    Renderer.writePng(pictures.get(i), target.pngDir.resolve(String.format("step-%02d.png", i + 1)));
                }
                out.println("wrote " + pictures.size() + " slides to " + UserFiles.quote(target.pngDir));
                return ExitCodes.OK;
            }
            try (OutputStream o = Files.newOutputStream(output.temporary())) {
                if (target.pdf != null) {
                    Handout.write(lesson.title(), LessonPictures.pages(lesson, pictures), o);
                } else {
                    AnimatedGif.write(pictures, delay, o);
                }
            }
            output.commit();
            out.println("wrote " + UserFiles.quote(single) + " (" + pictures.size()
                    + (target.pdf != null ? " pages)" : " frames)"));
            return ExitCodes.OK;
        } catch (UserFiles.FileProblem e) {
            err.println("ringscope lesson export: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ringscope lesson export: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (Renderer.Failure e) {
            err.println("ringscope lesson export: internal error: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        }
    }

    /** Each step's main window at its point, as the app's export draws it. */
    private static List<BufferedImage> pictures(ResolvedLesson resolved, int width, int height, boolean dark)
            throws IOException, Renderer.Failure {
        try {
            return LessonPictures.pictures(resolved, width, height, dark ? Themes.Theme.DARK : Themes.Theme.LIGHT,
                    Renderer.Progress.NONE);
        } catch (Renderer.Cancelled e) {
            throw new IllegalStateException("nothing cancels an export from the command line", e);
        }
    }
}
