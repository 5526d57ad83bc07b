package dev.ringscope.ui.present;

import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.ui.Renderer;
import dev.ringscope.ui.Themes;
import dev.ringscope.vmm.RunSetup;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.concurrent.Task;

/**
 * File ▸ Export from the app: an animated GIF of a span of the run, and a lesson as a PDF handout or a
 * GIF (a frame a step). The pictures are the ones the command line draws ({@code render}, {@code lesson
 * export}): the main window rebuilt on the program and moved to each point, so an export never disturbs
 * the window on screen. Each export is a {@link Task} — progress after every picture, cancel at any time —
 * that writes its file only when every picture is drawn ({@link ViewExport#write}).
 */
public final class Exports {

    /** The longest animation: a minute of frames at 8 a second is already more than a slide wants. */
    public static final int MAX_FRAMES = 500;
    /** How far past the start an animation may end, in instructions (the run is re-executed to each frame). */
    public static final long MAX_SPAN = 100_000_000L;

    private Exports() {
    }

    /** What an export draws from: the program on screen and how it runs, and the theme it is shown in. */
    public record Source(Path program, RunSetup setup, Themes.Theme theme) {
    }

    /** An animation of a span of the run: frames evenly spaced from {@code from} to {@code to} (instructions). */
    public record Animation(long from, long to, int frames, int delayMs, int width, int height) {

        /** What is wrong with these settings, in words for the dialog; empty when they can be drawn. */
        public String problem() {
            if (from < 0) {
                return "The start must be an instruction count of 0 or more.";
            }
            if (to < from) {
                return "The end (" + to + ") comes before the start (" + from + ").";
            }
            if (to - from > MAX_SPAN) {
                return "The span is longer than " + String.format("%,d", MAX_SPAN) + " instructions.";
            }
            if (frames < 1 || frames > MAX_FRAMES) {
                return "Frames must be from 1 to " + MAX_FRAMES + ".";
            }
            if (frames > 1 && to == from) {
                return "Several frames need an end after the start.";
            }
            if (delayMs < 20 || delayMs > 60_000) {
                return "Each frame shows from 20 to 60,000 ms.";
            }
            if (width < 320 || height < 240 || width > 3840 || height > 2160) {
                return "The size must be from 320×240 to 3840×2160.";
            }
            return "";
        }
    }

    /** A lesson as a handout (a page a step) or as a GIF (a frame a step, {@code delayMs} each). */
    public enum LessonForm {
        PDF, GIF
    }

    /** The task that draws {@code animation} of {@code source} and writes it to {@code file}. */
    public static Task<Path> animation(Source source, Animation animation, Path file) {
        String problem = animation.problem();
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
        return new Export(file, "frame") {
            @Override
            List<BufferedImage> draw(Renderer.Progress progress) throws Exception {
                return Renderer.frames(source.program(), source.setup(), animation.from(), animation.to(),
                        animation.frames(), animation.width(), animation.height(), source.theme(), warning -> {
                        }, progress);
            }

            @Override
            void write(List<BufferedImage> pictures, java.io.OutputStream out) throws IOException {
                AnimatedGif.write(pictures, animation.delayMs(), out);
            }
        };
    }

    /** The task that draws every step of {@code lesson} and writes it to {@code file} as {@code form}. */
    public static Task<Path> lesson(ResolvedLesson lesson, LessonForm form, int width, int height, int delayMs,
                                    Themes.Theme theme, Path file) {
        return new Export(file, "step") {
            @Override
            List<BufferedImage> draw(Renderer.Progress progress) throws Exception {
                return LessonPictures.pictures(lesson, width, height, theme, progress);
            }

            @Override
            void write(List<BufferedImage> pictures, java.io.OutputStream out) throws IOException {
                if (form == LessonForm.PDF) {
                    Handout.write(lesson.lesson().title(), LessonPictures.pages(lesson.lesson(), pictures), out);
                } else {
                    AnimatedGif.write(pictures, delayMs, out);
                }
            }
        };
    }

    /** Draw the pictures (progress after each), then write them: the shape of every export. */
    private abstract static class Export extends Task<Path> {
        private final Path file;
        private final String unit;

        Export(Path file, String unit) {
            this.file = file;
            this.unit = unit;
        }

        abstract List<BufferedImage> draw(Renderer.Progress progress) throws Exception;

        abstract void write(List<BufferedImage> pictures, java.io.OutputStream out) throws IOException;

        @Override
        protected Path call() throws Exception {
            updateMessage("Drawing…");
            List<BufferedImage> pictures = draw((done, of) -> {
                updateProgress(done, of + 1L); // the last part is writing the file
                updateMessage("Drawing " + unit + " " + done + " of " + of + "…");
                return !isCancelled();
            });
            if (isCancelled()) {
                throw new Renderer.Cancelled();
            }
            updateMessage("Writing " + file.getFileName() + "…");
            ViewExport.write(file, out -> write(pictures, out));
            updateProgress(1, 1);
            updateMessage("Wrote " + file.getFileName() + " (" + pictures.size() + " " + unit
                    + (pictures.size() == 1 ? "" : "s") + ").");
            return file;
        }
    }
}
