package dev.ringscope.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
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

    /** Renders {@code program} (.asm, .bin or .jsonl) after {@code instructions} instructions. */
    public static void render(Path program, long instructions, int width, int height, boolean dark, Path output)
            throws IOException {
        render(program, dev.ringscope.vmm.RunSetup.defaults(), instructions, width, height, dark, output);
    }

    /** The same under a technique (and ISA and cost preset). */
    public static void render(Path program, dev.ringscope.vmm.RunSetup setup, long instructions, int width, int height,
                              boolean dark, Path output) throws IOException {
        startHeadless();
        CompletableFuture<BufferedImage> image = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Documents.Opened opened = Documents.open(program, setup);
                Session session = new Session(opened.playback());
                session.advanceAtStart(instructions);
                MainWindow window = new MainWindow(session, opened.title(), opened.program(), NO_ACTIONS, opened.setup());
                Scene scene = new Scene(window, width, height);
                window.installKeys(scene);
                window.useDarkTheme(dark);
                window.applyCss();
                window.layout();
                WritableImage shot = scene.snapshot(null);
                image.complete(SwingFXUtils.fromFXImage(shot, null));
            } catch (Documents.LoadException e) {
                image.completeExceptionally(new IOException(e.getMessage()));
            } catch (RuntimeException e) {
                image.completeExceptionally(e);
            }
        });
        try {
            BufferedImage picture = image.get(60, TimeUnit.SECONDS);
            if (!ImageIO.write(picture, "png", output.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("rendering took more than a minute");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static synchronized void startHeadless() {
        if (started) {
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

    private static final MainWindow.Actions NO_ACTIONS = new MainWindow.Actions() {
    };
}
