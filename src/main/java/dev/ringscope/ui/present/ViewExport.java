package dev.ringscope.ui.present;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Transform;

/**
 * The view on screen as a picture for a slide, at any width: the node is drawn again at that scale
 * (its rings and text are vectors and CSS), not an enlarged screenshot, so a 4K slide of a 1280-pixel
 * window stays crisp. The height keeps the window's proportions.
 */
public final class ViewExport {

    /** Widths a slide is usually made at; 0 stands for "as on screen". */
    public static final int[] WIDTHS = {0, 1280, 1920, 3840};

    private ViewExport() {
    }

    /** {@code view} drawn {@code width} pixels wide (0: at its size on screen). Call on the JavaFX thread. */
    public static BufferedImage picture(Node view, int width) {
        double w = view.getLayoutBounds().getWidth();
        if (w <= 0) {
            throw new IllegalStateException("the view has no size yet");
        }
        double scale = width <= 0 ? 1 : width / w;
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(scale, scale));
        WritableImage image = view.snapshot(p, null);
        return SwingFXUtils.fromFXImage(image, null);
    }

    /** Writes {@code picture} as PNG to {@code file} through a file beside it, so a failure leaves nothing half-written. */
    public static void writePng(BufferedImage picture, Path file) throws IOException {
        write(file, out -> dev.ringscope.ui.Renderer.writePng(picture, out));
    }

    /** What goes into a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through a file beside it, moved into place only when all is written: a failure or a
     * cancel leaves the old file (or none), never half of one.
     */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("no such folder '" + dir + "'");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("it is a folder, not a file");
        }
        Path part = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                content.writeTo(out);
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
