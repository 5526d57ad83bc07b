package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
