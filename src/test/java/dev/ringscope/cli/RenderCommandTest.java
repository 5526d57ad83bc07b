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
        java.util.Map<String, java.util.Map<Integer, String>> expected = java.util.Map.of(
                "native", java.util.Map.of(0, "guest kernel", 1, "", 2, "", 3, "guest user"),
                "trap-emulate", java.util.Map.of(0, "VMM", 1, "guest kernel", 2, "", 3, "guest user"),
                "binary-translation", java.util.Map.of(0, "VMM", 1, "guest kernel", 2, "", 3, "guest user"),
                "paravirtual", java.util.Map.of(0, "VMM", 1, "guest kernel", 2, "", 3, "guest user"),
                "hardware-assisted", java.util.Map.of(-1, "VMM", 0, "guest kernel", 1, "", 2, "", 3, "guest user"));
        for (String t : expected.keySet()) {
            Path png = dir.resolve(t + ".png");
            // the command writes the picture ...
            assertEquals(0, run("render", "samples/user/hello.asm", "--technique", t, "--at", "1", "--size", "1280x720",
                    "-o", png.toString()), t);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1280, image.getWidth());
            assertEquals(720, image.getHeight());
            // ... of a window whose rings are the technique's from the first instruction on, each labelled with who lives there
            dev.ringscope.vmm.RunSetup setup = dev.ringscope.vmm.RunSetup.defaults()
                    .withTechnique(dev.ringscope.vmm.Technique.parse(t));
            for (long at : new long[] {1, 50, 4400}) {
                Renderer.Rendered r = Renderer.rendered(Path.of("samples/user/hello.asm"), setup, at, 1280, 720, false);
                assertEquals(expected.get(t), r.ringLabels(), t + " at " + at);
                int ring = setup.technique().rings().guestKernelRing();
                if (at == 1) {
                    assertTrue(r.status().contains("ring " + ring + " (guest kernel)"), t + ": " + r.status());
                    assertTrue(r.narration().contains("guest kernel"), t + ": " + r.narration());
                }
                assertTrue(distinctColours(r.picture()) > 20, t + " at " + at + ": a real picture");
            }
        }
    }

    @Test
    void aTraceWithAValueNoMachineProducesRendersWhatItCanAndSaysWhatItDropped(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.jsonl");
        assertEquals(0, run("run", "samples/user/hello.asm", "--technique", "binary-translation", "--trace", trace.toString()));
        java.util.List<String> lines = java.nio.file.Files.readAllLines(trace);
        int hostile = -1;
        for (int i = 0; i < lines.size() && hostile < 0; i++) {
            if (lines.get(i).contains("\"fromRing\":3,")) {
                lines.set(i, lines.get(i).replace("\"fromRing\":3,", "\"fromRing\":-2147483648,"));
                hostile = i + 1;
            }
        }
        assertTrue(hostile > 0);
        java.nio.file.Files.write(trace, lines);
        StringWriter err = new StringWriter();
        Path png = dir.resolve("t.png");
        int code = RingScopeCommand.execute(new String[] {"render", trace.toString(), "--at", "4000", "-o", png.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("ringscope render: warning: run.jsonl:" + hostile
                + ": field 'fromRing' is -2147483648; rings are -1 to 3"), err.toString());
        assertEquals(1920, ImageIO.read(png.toFile()).getWidth(), "the picture of what could be read");
    }

    @Test
    void aCompactTraceRendersTheSamePictureAsItsJsonLines(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("run.jsonl");
        Path compact = dir.resolve("run.rstrace");
        assertEquals(0, run("run", "samples/user/syscall.asm", "--technique", "hardware-assisted", "--trace",
                jsonl.toString()));
        assertEquals(0, run("trace", "convert", jsonl.toString(), compact.toString()));
        Path fromJson = dir.resolve("a.png");
        Path fromCompact = dir.resolve("b.png");
        assertEquals(0, run("render", jsonl.toString(), "--at", "3000", "--size", "800x500", "-o", fromJson.toString()));
        assertEquals(0, run("render", compact.toString(), "--at", "3000", "--size", "800x500", "-o",
                fromCompact.toString()));
        java.awt.image.BufferedImage a = ImageIO.read(fromJson.toFile());
        java.awt.image.BufferedImage b = ImageIO.read(fromCompact.toFile());
        int differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                differing += a.getRGB(x, y) == b.getRGB(x, y) ? 0 : 1;
            }
        }
        assertTrue(distinctColours(a) > 20, "a real picture");
        assertEquals(0, differing, "pixels that differ");
    }

    @Test
    void aGifOutputIsAnAnimationOfTheSpanWithTheAskedSizeAndFrameCount(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("span.gif");
        assertEquals(0, run("render", "samples/user/hello.asm", "--technique", "hardware-assisted", "--at", "3900", "--to",
                "4000", "--frames", "5", "--delay", "300", "--size", "640x400", "-o", gif.toString()));
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true), "frames");
            java.util.Set<String> different = new HashSet<>();
            for (int k = 0; k < 5; k++) {
                BufferedImage frame = reader.read(k);
                assertEquals(640, frame.getWidth());
                assertEquals(400, frame.getHeight());
                assertTrue(distinctColours(frame) > 20, "frame " + k + " is a picture");
                javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode)
                        reader.getImageMetadata(k).getAsTree("javax_imageio_gif_image_1.0");
                javax.imageio.metadata.IIOMetadataNode control = (javax.imageio.metadata.IIOMetadataNode)
                        root.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("30", control.getAttribute("delayTime"), "hundredths of a second");
                StringBuilder pixels = new StringBuilder();
                for (int x = 0; x < 640; x += 16) {
                    pixels.append(frame.getRGB(x, 395)).append(',');
                }
                different.add(pixels.toString());
            }
            assertTrue(different.size() > 1, "the run moves between frames (the status line changes)");
            // a browser loops it: the first frame carries the NETSCAPE2.0 extension
            javax.imageio.metadata.IIOMetadataNode first = (javax.imageio.metadata.IIOMetadataNode)
                    reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals("NETSCAPE", ((javax.imageio.metadata.IIOMetadataNode)
                    first.getElementsByTagName("ApplicationExtension").item(0)).getAttribute("applicationID"));
        } finally {
            reader.dispose();
        }
        // the span options are checked like the others
        assertEquals(2, run("render", "samples/user/hello.asm", "--to", "10", "-o", dir.resolve("a.png").toString()));
        assertEquals(2, run("render", "samples/user/hello.asm", "--at", "10", "--to", "5", "-o", gif.toString()));
        assertEquals(2, run("render", "samples/user/hello.asm", "--to", "5", "--frames", "0", "-o", gif.toString()));
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
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
        return (program, setup, instructions, width, height, dark, warnings) -> Renderer.picture((w, h) -> {
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
