package dev.ringscope.ui;

import dev.ringscope.ui.editor.Autosave;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The app in a JVM of its own, for {@link KilledAppRestoreTest}: opens the file named first, replaces
 * its text in the editor with the second argument (unsaved), waits for the autosave timer to keep it,
 * says {@code KEPT} on standard output, and waits to be killed. Started with the headless platform
 * and the test's autosave folder as system properties.
 */
public final class KilledAppDriver {

    private KilledAppDriver() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String text = Files.readString(Path.of(args[1]));
        Platform.startup(() -> {
            try {
                RingScopeApp app = new RingScopeApp();
                app.start(new Stage());
                app.open(file);
                app.editing().editor().area().replaceText(text);
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(3);
            }
        });
        Autosave autosave = Autosave.forUser();
        for (int i = 0; i < 600; i++) { // the app's own timer writes it, within seconds
            boolean kept = autosave.left().stream()
                    .anyMatch(r -> file.toAbsolutePath().equals(r.file()) && text.equals(r.text()));
            if (kept) {
                System.out.println("KEPT");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Thread.sleep(100);
        }
        System.out.println("NOT KEPT");
        System.exit(4);
    }
}
