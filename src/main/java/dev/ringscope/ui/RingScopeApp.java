package dev.ringscope.ui;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.Listing;
import dev.ringscope.asm.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * The desktop app. For now it opens the default sample (the mini OS with the hello program) as an
 * assembled listing; the ring view, registers and playback come with the main window (issue 5).
 */
public final class RingScopeApp extends Application {

    static final Path KERNEL = Path.of("samples/minios/kernel.asm");
    static final String DEFAULT_PROGRAM = "\"../user/hello.asm\"";

    @Override
    public void start(Stage stage) {
        TextArea listing = new TextArea(defaultListing());
        listing.setEditable(false);
        listing.getStyleClass().add("listing");
        Label status = new Label("Default sample: the mini OS with samples/user/hello.asm, assembled. "
                + "Run it with: java -jar target/ringscope.jar run samples/user/hello.asm — the ring view and "
                + "playback arrive with the main window.");
        status.getStyleClass().add("status");
        BorderPane root = new BorderPane(listing);
        root.setBottom(status);
        Scene scene = new Scene(root, 1100, 720);
        scene.getStylesheets().add(Path.of("assets/css/light.css").toUri().toString());
        stage.setTitle("RingScope");
        stage.setScene(scene);
        stage.show();
    }

    static String defaultListing() {
        if (!Files.exists(KERNEL)) {
            return "The default sample was not found: run RingScope from the project folder (" + KERNEL + ").";
        }
        try {
            Program p = new Assembler().define("USER_PROGRAM", DEFAULT_PROGRAM).assembleFile(KERNEL);
            return Listing.of(p);
        } catch (AsmException e) {
            return "The default sample did not assemble:\n" + e.getMessage();
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
