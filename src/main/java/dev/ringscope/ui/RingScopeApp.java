package dev.ringscope.ui;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.Playback;
import java.io.IOException;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/** The desktop app: opens on the default sample, the mini OS running hello.asm, ready to press Play. */
public final class RingScopeApp extends Application {

    static final String DEFAULT_SAMPLE = "hello";

    @Override
    public void start(Stage stage) {
        Session session;
        try {
            session = new Session(Playback.live(bootSample(DEFAULT_SAMPLE)));
        } catch (IOException | AsmException | BootException e) {
            new Alert(Alert.AlertType.ERROR, "The default sample could not start: " + e.getMessage()).showAndWait();
            return;
        }
        MainWindow window = new MainWindow(session, "samples/user/" + DEFAULT_SAMPLE + ".asm — native");
        Scene scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        // --theme dark and --advance N (instructions) set the opening state, e.g. for screenshots
        Map<String, String> named = getParameters().getNamed();
        if ("dark".equals(named.get("theme"))) {
            window.useDarkTheme(true);
        }
        if (named.containsKey("advance")) {
            try {
                session.advanceAtStart(Long.parseLong(named.get("advance")));
            } catch (NumberFormatException e) {
                System.err.println("ringscope: --advance takes a number of instructions, not '" + named.get("advance") + "'");
            }
        }
        stage.setTitle("RingScope");
        stage.setScene(scene);
        stage.setMaximized(true);
        stage.show();
    }

    static Machine bootSample(String name) throws IOException, AsmException, BootException {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(MiniOs.sample(name), Map.of()).bytes());
        return m;
    }

    public static void main(String[] args) {
        launch(args);
    }
}
