package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** File ▸ Export view as PNG: the window drawn again at the width asked, for a slide. */
@ExtendWith(ApplicationExtension.class)
class ViewExportTest {

    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Session session = new Session(Playback.live(RingScopeApp.bootSample(RingScopeApp.DEFAULT_SAMPLE)));
        session.advanceAtStart(3_950);
        window = new MainWindow(session, "hello", null, new MainWindow.Actions() {
        });
        Scene scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theViewIsWrittenAtTheWidthAskedWithTheWindowsProportions(FxRobot robot, @TempDir Path dir) throws Exception {
        Path wide = dir.resolve("slide.png");
        Path same = dir.resolve("screen.png");
        boolean[] ok = new boolean[3];
        robot.interact(() -> {
            ok[0] = window.exportPng(wide, 1920);
            ok[1] = window.exportPng(same, 0);
            ok[2] = window.exportPng(dir.resolve("missing/x.png"), 1280);
        });
        assertTrue(ok[0] && ok[1]);
        BufferedImage big = ImageIO.read(wide.toFile());
        assertEquals(1920, big.getWidth());
        assertEquals(1200, big.getHeight());
        BufferedImage screen = ImageIO.read(same.toFile());
        assertEquals(1280, screen.getWidth());
        assertEquals(800, screen.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < big.getHeight(); y += 9) {
            for (int x = 0; x < big.getWidth(); x += 9) {
                colours.add(big.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "a picture, not a blank: " + colours.size());
        assertFalse(ok[2], "a folder that does not exist is reported");
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
