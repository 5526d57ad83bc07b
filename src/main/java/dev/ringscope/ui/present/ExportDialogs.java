package dev.ringscope.ui.present;

import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.ui.Themes;
import java.nio.file.Path;
import java.util.Optional;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The dialogs of File ▸ Export: what to draw (a span of the run, or a lesson), where to write it, and a
 * progress window with Cancel while it is drawn. Problems are said in the dialog, beside the field, and the
 * OK button stays off until the settings can be drawn.
 */
public final class ExportDialogs {

    /** Picture sizes offered: the window's own, and the sizes slides are made at. */
    private static final int[][] SIZES = {{0, 0}, {1280, 720}, {1920, 1080}, {3840, 2160}};

    private ExportDialogs() {
    }

    /** The animation dialog's fields, read as settings (tests fill them in as a user would). */
    public static final class AnimationForm {
        final TextField from = field("from");
        final TextField to = field("to");
        final TextField frames = field("frames");
        final TextField delay = field("delay");
        final ChoiceBox<String> size = new ChoiceBox<>();
        final Label problem = new Label();
        private final int screenWidth;
        private final int screenHeight;

        public AnimationForm(long at, int screenWidth, int screenHeight) {
            this.screenWidth = screenWidth;
            this.screenHeight = screenHeight;
            from.setText(Long.toString(at));
            to.setText(Long.toString(at + 200));
            frames.setText("12");
            delay.setText("500");
            size.setId("size");
            for (int[] s : SIZES) {
                size.getItems().add(s[0] == 0 ? "as on screen (" + screenWidth + "×" + screenHeight + ")"
                        : s[0] + "×" + s[1]);
            }
            size.getSelectionModel().select(1);
            problem.setId("export-problem");
            problem.getStyleClass().add("export-problem");
            problem.setWrapText(true);
        }

        /** The settings as typed; a field that is not a number reads as an impossible value with its own message. */
        Optional<Exports.Animation> read() {
            long f;
            long t;
            int n;
            int d;
            try {
                f = Long.parseLong(from.getText().trim().replace(",", ""));
                t = Long.parseLong(to.getText().trim().replace(",", ""));
            } catch (NumberFormatException e) {
                problem.setText("From and To are instruction counts: whole numbers such as 3941.");
                return Optional.empty();
            }
            try {
                n = Integer.parseInt(frames.getText().trim());
                d = Integer.parseInt(delay.getText().trim());
            } catch (NumberFormatException e) {
                problem.setText("Frames and the delay are whole numbers.");
                return Optional.empty();
            }
            int[] s = SIZES[Math.max(0, size.getSelectionModel().getSelectedIndex())];
            Exports.Animation a = new Exports.Animation(f, t, n, d, s[0] == 0 ? screenWidth : s[0],
                    s[0] == 0 ? screenHeight : s[1]);
            String wrong = a.problem();
            problem.setText(wrong);
            return wrong.isEmpty() ? Optional.of(a) : Optional.empty();
        }

        private static TextField field(String id) {
            TextField f = new TextField();
            f.setId("export-" + id);
            f.setPrefColumnCount(10);
            return f;
        }
    }

    /**
     * File ▸ Export animation as GIF: the span (from the instruction on screen by default), frames, delay and
     * size; then where; then the drawing with its progress.
     */
    public static void animation(Window owner, Exports.Source source, long at, int screenWidth, int screenHeight) {
        AnimationForm form = new AnimationForm(at, screenWidth, screenHeight);
        Dialog<Exports.Animation> dialog = animationDialog(owner, form);
        dialog.showAndWait().ifPresent(animation -> {
            Path file = saveAs(owner, "Export animation as GIF", "ringscope-run.gif", "GIF animation", "*.gif");
            if (file != null) {
                run(owner, "Exporting the animation", Exports.animation(source, animation, file));
            }
        });
    }

    /** The dialog itself (tests open it without showing the file chooser). */
    public static Dialog<Exports.Animation> animationDialog(Window owner, AnimationForm form) {
        Dialog<Exports.Animation> dialog = new Dialog<>();
        if (owner != null && owner.getScene() != null) {
            dialog.initOwner(owner); // a dialog takes its owner's stylesheets: the theme on screen
        }
        dialog.setTitle("Export animation as GIF");
        dialog.setHeaderText("An animated GIF of a span of the run, for a slide or a web page.\n"
                + "Instruction counts are the ones in the status bar; frames are evenly spaced.");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("From instruction"), form.from);
        grid.addRow(1, new Label("To instruction"), form.to);
        grid.addRow(2, new Label("Frames"), form.frames);
        grid.addRow(3, new Label("Each frame shows (ms)"), form.delay);
        grid.addRow(4, new Label("Size"), form.size);
        VBox content = new VBox(10, grid, form.problem);
        content.setPadding(new Insets(10));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable check = () -> ok.setDisable(form.read().isEmpty());
        form.from.textProperty().addListener((o, a, b) -> check.run());
        form.to.textProperty().addListener((o, a, b) -> check.run());
        form.frames.textProperty().addListener((o, a, b) -> check.run());
        form.delay.textProperty().addListener((o, a, b) -> check.run());
        form.size.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> check.run());
        check.run();
        dialog.setResultConverter(b -> b == ButtonType.OK ? form.read().orElse(null) : null);
        return dialog;
    }

    /** File ▸ Export lesson as PDF handout / as GIF: where, then the drawing with its progress. */
    public static void lesson(Window owner, ResolvedLesson lesson, Exports.LessonForm form, Themes.Theme theme) {
        boolean pdf = form == Exports.LessonForm.PDF;
        String base = lesson.lesson().file() == null ? "lesson"
                : lesson.lesson().file().getFileName().toString().replaceFirst("\\.json$", "");
        Path file = saveAs(owner, pdf ? "Export lesson as PDF handout" : "Export lesson as GIF",
                base + (pdf ? ".pdf" : ".gif"), pdf ? "PDF handout" : "GIF animation", pdf ? "*.pdf" : "*.gif");
        if (file != null) {
            // the handout is printed: light pictures; a GIF goes on a slide in the theme on screen
            run(owner, "Exporting the lesson", Exports.lesson(lesson, form, 1280, 720, 3000,
                    pdf ? Themes.Theme.LIGHT : theme, file));
        }
    }

    private static Path saveAs(Window owner, String title, String name, String kind, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        java.io.File f = chooser.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }

    /**
     * Runs {@code task} off the JavaFX thread with a progress window (a bar, what is being drawn, Cancel); its
     * end is said in the window: written, cancelled (nothing written), or what went wrong.
     */
    public static Stage run(Window owner, String title, Task<Path> task) {
        return run(owner, title, task, "Cancelled: nothing was written.", "The export was not written: ");
    }

    /**
     * Runs {@code task} off the JavaFX thread with a progress window: its message, a bar and Cancel. The
     * window closes when the task succeeds; a cancelled task leaves {@code cancelled} in it, a failed one
     * closes it and says {@code failed} and the error.
     */
    public static Stage run(Window owner, String title, Task<?> task, String cancelled, String failed) {
        ProgressBar bar = new ProgressBar();
        bar.setId("task-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(task.progressProperty());
        Label message = new Label();
        message.setId("task-message");
        message.setWrapText(true);
        message.textProperty().bind(task.messageProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("task-cancel");
        cancel.setCancelButton(true);
        HBox buttons = new HBox(cancel);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        VBox box = new VBox(12, message, bar, buttons);
        VBox.setVgrow(message, Priority.ALWAYS);
        box.setPadding(new Insets(16));
        box.setPrefWidth(420);
        Stage stage = new Stage();
        stage.setScene(new Scene(box));
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
            if (owner.getScene() != null) {
                stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets()); // the theme on screen
            }
        }
        stage.setTitle(title);
        cancel.setOnAction(e -> {
            if (task.isRunning()) {
                task.cancel(false);
            } else {
                stage.close();
            }
        });
        stage.setOnCloseRequest(e -> task.cancel(false));
        task.stateProperty().addListener((o, was, now) -> {
            if (now == Worker.State.SUCCEEDED) {
                stage.close();
            } else if (now == Worker.State.CANCELLED) {
                message.textProperty().unbind();
                message.setText(cancelled);
                cancel.setText("Close");
            } else if (now == Worker.State.FAILED) {
                stage.close();
                Throwable e = task.getException();
                Alert a = new Alert(Alert.AlertType.ERROR, failed
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
                a.initOwner(owner);
                a.setHeaderText(title + " failed");
                a.show();
            }
        });
        Thread worker = new Thread(task, title);
        worker.setDaemon(true);
        worker.start();
        stage.show();
        return stage;
    }
}
