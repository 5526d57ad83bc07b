package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.ui.Renderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `ringscope render` draws the main window headless: a picture of the right size that is not blank. */
class RenderCommandTest {

    private static int run(String... args) {
        return RingScopeCommand.execute(args, new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true));
    }

    @Test
    void rendersTheMainWindowToAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("view.png");
        assertEquals(0, run("render", "samples/user/hello.asm", "--at", "4400", "--size", "1280x720", "-o",
                png.toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(720, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "a real picture, not a blank one: " + colours.size() + " colours");
    }

    @Test
    void rendersEachTechniqueWithItsRings(@TempDir Path dir) throws Exception {
        for (String t : new String[] {"trap-emulate", "binary-translation", "paravirtual", "hardware-assisted"}) {
            Path png = dir.resolve(t + ".png");
            assertEquals(0, run("render", "samples/user/hello.asm", "--technique", t, "--at", "4400", "--size", "1280x720",
                    "-o", png.toString()), t);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1280, image.getWidth());
        }
    }

    /** Makes the render command with {@code drawer}, every other command as usual. */
    private static CommandLine.IFactory drawingWith(RenderCommand.Drawer drawer) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RenderCommand.class ? cls.cast(new RenderCommand(drawer))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
    }

    /** A view that fails while it is built on the JavaFX thread. */
    private static RenderCommand.Drawer failingOnTheFxThread(Throwable failure) {
        return (program, setup, instructions, width, height, dark) -> Renderer.picture((w, h) -> {
            assertTrue(Platform.isFxApplicationThread());
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure instanceof IOException e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }, width, height);
    }

    @Test
    void anErrorOnTheJavaFxThreadEndsTheCommandWithOneLine(@TempDir Path dir) throws Exception {
        Object[][] cases = {
            {new StackOverflowError(), ExitCodes.RUN_ERROR, "StackOverflowError"},
            {new AssertionError("a broken invariant"), ExitCodes.RUN_ERROR, "a broken invariant"},
            {new IllegalStateException("no layout"), ExitCodes.RUN_ERROR, "no layout"},
            {new IOException("x.asm does not assemble"), ExitCodes.BAD_INPUT, "x.asm does not assemble"},
        };
        Path png = dir.resolve("v.png");
        for (Object[] c : cases) {
            Cli r = Cli.run(drawingWith(failingOnTheFxThread((Throwable) c[0])), "render", "samples/user/hello.asm",
                    "-o", png.toString());
            assertEquals(c[1], r.code(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.errLines().get(0).startsWith("ringscope render: "), r.err());
            assertTrue(r.err().contains((String) c[2]), r.err());
            try (var files = java.nio.file.Files.list(dir)) {
                assertEquals(0, files.count(), "no picture, no temporary file");
            }
        }
        // and the JavaFX thread survived: the next picture is drawn
        BufferedImage next = Renderer.picture((w, h) -> new Scene(new Label("still here"), w, h), 320, 240);
        assertEquals(320, next.getWidth());
    }

    @Test
    void badOptionsExitTwo(@TempDir Path dir) {
        Path png = dir.resolve("v.png");
        assertEquals(2, run("render", "samples/user/hello.asm", "--size", "big", "-o", png.toString()));
        assertEquals(2, run("render", "samples/user/hello.asm", "--technique", "teleportation", "-o",
                png.toString()));
        assertEquals(2, run("render", "samples/user/hello.asm", "--isa", "arm", "-o", png.toString()));
        assertEquals(2, run("render", "no/such.asm", "-o", png.toString()));
    }
}
