package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The boundary every view is shown through. A view that throws does not take the window with it: the
 * other views still show the same position, the failure is logged and shown in a bar above the
 * status line ("The registers view failed at instruction 50: …") with its details to read and
 * copy, and the next position is tried afresh. A window is never left half-updated and silent.
 */
final class ViewFailures extends HBox {

    private static final System.Logger LOG = System.getLogger("dev.ringscope.ui");

    /** One view's failure at one position of the playback. */
    record Failure(String view, long instruction, long event, Throwable error) {

        String summary() {
            String what = error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getClass().getSimpleName() + ": " + error.getMessage();
            return String.format("The %s view failed at instruction %,d (event %,d): %s", view, instruction, event, what);
        }

        /** What a bug report needs: the summary and the stack trace. */
        String details() {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            return summary() + "\n\n" + trace;
        }
    }

    private final Label message = new Label();
    private Failure last;
    private long failures;

    ViewFailures() {
        getStyleClass().add("view-failure");
        setId("view-failure");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button details = new Button("Details…");
        details.setOnAction(e -> showDetails());
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> clear());
        Region gap = new Region();
        getChildren().addAll(message, gap, details, dismiss);
        clear();
    }

    /** Shows {@code view} with {@code show}; a failure is caught here, logged and reported in the bar. */
    void show(String name, MachineView view, Consumer<MachineView> show) {
        try {
            show.accept(view);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            failed(new Failure(name, view.instructionsRetired(), view.position(), e));
        }
    }

    private void failed(Failure f) {
        failures++;
        if (last == null) { // the first failure is the one to read; later ones are counted
            last = f;
            LOG.log(System.Logger.Level.ERROR, f.summary(), f.error());
        }
        message.setText(last.summary() + (failures > 1 ? String.format("  (%,d failures so far)", failures) : ""));
        setVisible(true);
        setManaged(true);
    }

    void clear() {
        last = null;
        failures = 0;
        message.setText("");
        setVisible(false);
        setManaged(false);
    }

    /** The first failure since the bar was last cleared, or null. */
    Failure last() {
        return last;
    }

    long count() {
        return failures;
    }

    String text() {
        return message.getText();
    }

    private void showDetails() {
        if (last == null) {
            return;
        }
        TextArea text = new TextArea(last.details());
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefSize(760, 360);
        ButtonType copy = new ButtonType("Copy");
        Alert alert = new Alert(Alert.AlertType.ERROR, "", copy, ButtonType.CLOSE);
        alert.setTitle("A view failed");
        alert.setHeaderText(last.summary());
        alert.getDialogPane().setContent(text);
        alert.showAndWait().filter(copy::equals).ifPresent(b -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(last.details());
            Clipboard.getSystemClipboard().setContent(content);
        });
    }
}
