package dev.ringscope.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javax.imageio.ImageIO;

/**
 * Draws the main window at one instruction of a run into a PNG, with no display (JavaFX's Monocle
 * headless platform and software rendering) — for the README's picture, for docs, and for tests
 * that check the picture is not blank.
 */
public final class Renderer {

    private static boolean started;

    private Renderer() {
    }

    /** Builds the scene to draw; runs on the JavaFX thread. An IOException says what is wrong with the input. */
    @FunctionalInterface
    public interface View {
        Scene build(int width, int height) throws IOException;
    }

    /**
     * Drawing failed for a reason that is not the user's input: an error on the JavaFX thread
     * (a StackOverflowError, say), or a drawing that never finished.
     */
    public static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Renders {@code program} (.asm, .bin, .jsonl or .rstrace) after {@code instructions} instructions into a PNG. */
    public static void render(Path program, dev.ringscope.vmm.RunSetup setup, long instructions, int width, int height,
                              boolean dark, Path output) throws IOException, Failure {
        writePng(picture(program, setup, instructions, width, height, dark), output);
    }

    /**
     * The main window showing {@code program} (.asm, .bin, .jsonl or .rstrace) under {@code setup} after
     * {@code instructions} instructions.
     *
     * @throws IOException the program cannot be opened; the message says why
     */
    public static BufferedImage picture(Path program, dev.ringscope.vmm.RunSetup setup, long instructions, int width,
                                        int height, boolean dark) throws IOException, Failure {
        return rendered(program, setup, instructions, width, height, dark).picture();
    }

    /**
     * A picture of the main window and what its views said: each drawn ring's label (ring −1 only when
     * drawn), the status line and the narration — so a test can check what is written as well as that
     * something was drawn.
     */
    public record Rendered(BufferedImage picture, java.util.SortedMap<Integer, String> ringLabels, String status,
                           String narration, java.util.List<String> warnings) {
    }

    /** The same as {@link #picture(Path, dev.ringscope.vmm.RunSetup, long, int, int, boolean)}, with what it says. */
    public static Rendered rendered(Path program, dev.ringscope.vmm.RunSetup setup, long instructions, int width,
                                    int height, boolean dark) throws IOException, Failure {
        return rendered(program, setup, instructions, width, height, dark ? Themes.Theme.DARK : Themes.Theme.LIGHT);
    }

    /** The same in any theme (light, dark, projector). */
    public static Rendered rendered(Path program, dev.ringscope.vmm.RunSetup setup, long instructions, int width,
                                    int height, Themes.Theme theme) throws IOException, Failure {
        MainWindow[] shown = new MainWindow[1];
        java.util.List<String> warnings = new java.util.ArrayList<>();
        BufferedImage image = picture((w, h) -> {
            MainWindow window = window(program, setup, instructions, warnings::add);
            Scene scene = new Scene(window, w, h);
            window.installKeys(scene);
            window.useTheme(theme);
            shown[0] = window;
            return scene;
        }, width, height);
        MainWindow w = shown[0];
        return new Rendered(image, w.ringView().ringLabels(), w.statusLine(), w.narrationView().sentence(),
                java.util.List.copyOf(warnings));
    }

    /** Where a long drawing is: told after each picture, asked whether to go on. Called off the JavaFX thread. */
    public interface Progress {
        Progress NONE = (done, of) -> true;

        /** {@code done} of {@code of} pictures are drawn; false stops the drawing ({@link Cancelled}). */
        boolean advanced(int done, int of);
    }

    /** The user stopped a drawing before it was done; nothing was written. */
    public static final class Cancelled extends Exception {
        public Cancelled() {
            super("cancelled");
        }
    }

    /**
     * Frames of the main window from instruction {@code from} to {@code to}, evenly spaced ({@code count} of
     * them, the first at {@code from} and the last at {@code to}): an animation of a span of the run. One
     * window is built and moved, as the user would step it; the token is drawn where it is, not animating.
     * Each frame is drawn in its own turn of the JavaFX thread, so a window on screen stays responsive while
     * an export runs; call it off that thread.
     */
    public static List<BufferedImage> frames(Path program, dev.ringscope.vmm.RunSetup setup, long from, long to, int count,
                                             int width, int height, Themes.Theme theme,
                                             java.util.function.Consumer<String> warnings, Progress progress)
            throws IOException, Failure, Cancelled {
        if (count < 1 || to < from) {
            throw new IllegalArgumentException("frames need a count of at least 1 and an end not before the start");
        }
        startHeadless();
        Scene scene = onFxThread(() -> {
            MainWindow window = window(program, setup, from, warnings);
            window.ringView().setAnimated(false);
            Scene s = new Scene(window, width, height);
            window.installKeys(s);
            window.useTheme(theme);
            return s;
        });
        MainWindow window = (MainWindow) scene.getRoot();
        List<BufferedImage> out = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) {
            long at = count == 1 ? from : from + (to - from) * k / (count - 1);
            boolean move = k > 0;
            out.add(onFxThread(() -> {
                if (move) {
                    if (at == 0) {
                        window.session().home();
                    } else {
                        window.session().seekInstruction(at - 1); // the view after `at` instructions
                    }
                }
                requireNoFailure(window);
                window.applyCss();
                window.layout();
                return SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            }));
            if (!progress.advanced(k + 1, count)) {
                throw new Cancelled();
            }
        }
        return out;
    }

    /** What {@link #windowMoves} measured, in milliseconds. */
    public record WindowMoves(double prepare, double firstOpen, double open, double[] seeks, double[] stepBacks) {
    }

    /**
     * The main window on {@code playback} (a recorded run, indexed), off screen at {@code width}×{@code
     * height}: how long the views' reading of the run takes (on this thread, as the app does it while a
     * trace loads) and then the window to be built and laid out on the JavaFX thread (the JVM's first
     * window, and again as when a trace is opened in a running app), then for each of {@code targets} how long a seek
     * to that instruction takes, and a step back after it — each move with every view brought up to
     * date and the window laid out (what happens before the next frame is painted), each in its own
     * turn of the JavaFX thread as a user's clicks are. For {@code bench --seek}.
     */
    public static WindowMoves windowMoves(dev.ringscope.replay.Playback playback, int width, int height, long[] targets)
            throws IOException, Failure {
        startHeadless();
        long t0 = System.nanoTime();
        PreparedViews prepared = PreparedViews.of(playback.trace()); // as File ▸ Open does while loading
        double prepare = (System.nanoTime() - t0) / 1e6;
        double first = 0;
        Scene scene = null;
        for (int attempt = 0; attempt < 2; attempt++) { // the JVM's first window loads the UI's classes and styles
            t0 = System.nanoTime();
            scene = onFxThread(() -> {
                Session session = new Session(playback);
                dev.ringscope.vmm.RunSetup setup = Documents.recordedSetup(playback.header().orElse(null));
                MainWindow window = new MainWindow(session, "bench", null, NO_ACTIONS, setup, prepared);
                window.ringView().setAnimated(false);
                Scene s = new Scene(window, width, height);
                window.installKeys(s);
                window.applyCss();
                window.layout();
                return s;
            });
            if (attempt == 0) {
                first = (System.nanoTime() - t0) / 1e6;
            }
        }
        double open = (System.nanoTime() - t0) / 1e6;
        MainWindow window = (MainWindow) scene.getRoot();
        double[] seeks = new double[targets.length];
        double[] backs = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            long target = targets[i];
            double[] took = onFxThread(() -> {
                long s = System.nanoTime();
                window.session().seekInstruction(target);
                window.applyCss();
                window.layout();
                long m = System.nanoTime();
                window.session().stepBack();
                window.applyCss();
                window.layout();
                return new double[] {(m - s) / 1e6, (System.nanoTime() - m) / 1e6};
            });
            seeks[i] = took[0];
            backs[i] = took[1];
        }
        requireNoFailure(window);
        return new WindowMoves(prepare, first, open, seeks, backs);
    }

    /** The same, in the light or dark theme, without progress (the command line). */
    public static List<BufferedImage> frames(Path program, dev.ringscope.vmm.RunSetup setup, long from, long to, int count,
                                             int width, int height, boolean dark,
                                             java.util.function.Consumer<String> warnings) throws IOException, Failure {
        try {
            return frames(program, setup, from, to, count, width, height,
                    dark ? Themes.Theme.DARK : Themes.Theme.LIGHT, warnings, Progress.NONE);
        } catch (Cancelled e) {
            throw new IllegalStateException("nothing cancels a drawing without progress", e);
        }
    }

    /**
     * Work for the JavaFX thread that may fail with the user's input (IOException) or anything else; any
     * Throwable is passed back, not only RuntimeException: an Error escaping there would leave the caller
     * waiting out the timeout for a result that never comes.
     */
    @FunctionalInterface
    private interface FxWork<T> {
        T run() throws IOException;
    }

    private static <T> T onFxThread(FxWork<T> work) throws IOException, Failure {
        CompletableFuture<T> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                done.complete(work.run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return await(done, 120);
    }

    /** The main window on {@code program} after {@code instructions} instructions (on the JavaFX thread). */
    private static MainWindow window(Path program, dev.ringscope.vmm.RunSetup setup, long instructions,
                                     java.util.function.Consumer<String> warnings) throws IOException {
        Documents.Opened opened;
        try {
            opened = Documents.open(program, setup);
        } catch (Documents.LoadException e) {
            throw new IOException(e.getMessage(), e);
        }
        opened.warnings().forEach(warnings);
        Session session = new Session(opened.playback());
        session.advanceAtStart(instructions);
        MainWindow window = new MainWindow(session, opened.title(), opened.program(), NO_ACTIONS, opened.setup());
        requireNoFailure(window);
        return window;
    }

    /** A picture with an error bar in it is no picture of the run: say what failed instead. */
    private static void requireNoFailure(MainWindow window) {
        ViewFailures.Failure failed = window.failures().last();
        if (failed != null) {
            throw new IllegalStateException(failed.summary(), failed.error());
        }
    }

    /** Whatever {@code view} builds, drawn on the JavaFX thread. */
    public static BufferedImage picture(View view, int width, int height) throws IOException, Failure {
        return snapshot(view, width, height);
    }

    /** Writes {@code picture} as a PNG. */
    public static void writePng(BufferedImage picture, Path output) throws IOException {
        try (OutputStream out = Files.newOutputStream(output)) {
            writePng(picture, out);
        }
    }

    /** Writes {@code picture} as a PNG to {@code out} (left open). */
    public static void writePng(BufferedImage picture, OutputStream out) throws IOException {
        if (!ImageIO.write(picture, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    private static BufferedImage snapshot(View view, int width, int height) throws IOException, Failure {
        startHeadless();
        return onFxThread(() -> {
            Scene scene = view.build(width, height);
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return SwingFXUtils.fromFXImage(scene.snapshot(null), null);
        });
    }

    private static <T> T await(CompletableFuture<T> result, int seconds) throws IOException, Failure {
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new Failure("drawing failed on the JavaFX thread: " + cause, cause);
        } catch (TimeoutException e) {
            throw new Failure("drawing took more than " + seconds + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while drawing", e);
        }
    }

    private static synchronized void startHeadless() {
        if (started) {
            return;
        }
        if (platformRunning()) {
            started = true; // the desktop app exports from its own window: draw with the platform it has
            return;
        }
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            Platform.startup(() -> ready.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            ready.complete(null);
        }
        ready.join();
        Platform.setImplicitExit(false);
        started = true;
    }

    private static boolean platformRunning() {
        try {
            Platform.runLater(() -> {
            });
            return true;
        } catch (IllegalStateException notStarted) {
            return false;
        }
    }

    private static final MainWindow.Actions NO_ACTIONS = new MainWindow.Actions() {
    };
}
