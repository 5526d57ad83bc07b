package dev.ringscope.ui;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Program;
import dev.ringscope.ui.editor.Autosave;
import dev.ringscope.ui.editor.EditorFile;
import dev.ringscope.ui.editor.Problem;
import dev.ringscope.ui.editor.ProgramEditor;
import dev.ringscope.vmm.RunSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * One program being edited in the app: its file, its editor, and what the app does with them — assemble the
 * buffer as it is (includes from disk), run it under the current setup (Ctrl+R; while it does not assemble the
 * last good run stays on screen, marked stale), save and save as, keep unsaved edits in the autosave folder
 * every few seconds, and notice when another program changes the file on disk.
 */
final class EditingSession implements ProgramEditor.Host {

    /** What the session asks of the app. */
    interface App {
        RunSetup setup();

        /** Shows a new run of {@code program} (built from the editor's {@code text}) in place of the one on screen. */
        void showRun(Path file, Program program, String text);

        /** The window dialogs belong to. */
        Window window();
    }

    /** How often unsaved edits go to the autosave folder, and the file on disk is looked at. */
    static final Duration AUTOSAVE_EVERY = Duration.seconds(3);

    private final App app;
    private final EditorFile file;
    private final ProgramEditor editor;
    private final Autosave autosave;
    private final String autosaveId;
    /** The path the program assembles as (its file; a new program's name in the temporary folder until saved). */
    private Path assembledAs;
    private String lastKept;
    /** A question about the file on disk is on screen (or about to be). */
    private boolean asking;
    private final Timeline ticker;

    EditingSession(App app, EditorFile file, String text, Autosave autosave) {
        this.app = app;
        this.file = file;
        this.autosave = autosave;
        this.assembledAs = file.path() != null ? file.path()
                : Path.of(System.getProperty("java.io.tmpdir"), "untitled-" + System.nanoTime() + ".asm");
        this.autosaveId = Integer.toHexString(assembledAs.toAbsolutePath().normalize().toString().hashCode());
        this.editor = new ProgramEditor(this, text);
        editor.setRunText(file.path() != null && text.equals(file.savedText()) ? text : null);
        editor.area().textProperty().addListener((o, a, b) -> showTitle());
        showTitle();
        ticker = new Timeline(new KeyFrame(AUTOSAVE_EVERY, e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    RunSetup setupNow() {
        return app.setup();
    }

    ProgramEditor editor() {
        return editor;
    }

    /** The file edited (null until a new program is saved). */
    Path path() {
        return file.path();
    }

    boolean isDirty() {
        return file.isDirty(editor.text());
    }

    // ---------------------------------------------------------------- ProgramEditor.Host

    @Override
    public ProgramEditor.Assembled assemble(String text) {
        Path as = assembledAs;
        java.util.Set<Path> included = new java.util.LinkedHashSet<>();
        try {
            Program p = Documents.program(as, text, app.setup().technique(), included::add);
            List<Problem> problems = new ArrayList<>();
            p.warnings().forEach(w -> problems.add(Problem.of(w, as)));
            return new ProgramEditor.Assembled(p, problems, List.copyOf(included));
        } catch (AsmException e) {
            return new ProgramEditor.Assembled(null, e.errors().stream().map(err -> Problem.of(err, as)).toList(),
                    List.copyOf(included));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new ProgramEditor.Assembled(null, List.of(new Problem(as.toString(), 0, 0, why, true, false)),
                    List.copyOf(included));
        }
    }

    @Override
    public void run(String text, ProgramEditor.Assembled assembled) {
        if (assembled.ok()) {
            app.showRun(assembledAs, assembled.program(), text);
            editor.setRunText(text);
        }
        // else: the problems are listed and underlined; the last good run stays on screen, marked stale
    }

    @Override
    public void save(boolean as) {
        saveNow(as || file.path() == null || isShipped(file.path()));
    }

    /** Saves (asking where when {@code ask}); false when the user cancelled or the file could not be written. */
    boolean saveNow(boolean ask) {
        Path target = file.path();
        if (ask) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save program as");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Assembly program", "*.asm"));
            chooser.setInitialFileName(file.path() == null ? "program.asm" : String.valueOf(file.path().getFileName()));
            java.io.File f = chooser.showSaveDialog(app.window());
            if (f == null) {
                return false;
            }
            target = f.toPath();
        }
        try {
            saveTo(target);
            return true;
        } catch (IOException e) {
            new Alert(Alert.AlertType.ERROR, "Could not save '" + target + "': " + e.getMessage()).show();
            return false;
        }
    }

    /** Writes the buffer to {@code target}; the program is that file from now on. */
    void saveTo(Path target) throws IOException {
        file.save(target, editor.text());
        assembledAs = target;
        autosave.forget(autosaveId);
        lastKept = null;
        showTitle();
    }

    /** A shipped sample is not overwritten by Ctrl+S: the first save asks where (a student keeps the original). */
    private static boolean isShipped(Path p) {
        try {
            Path root = dev.ringscope.asm.MiniOs.samplesRoot();
            return root.getFileSystem() == p.getFileSystem()
                    && p.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- unsaved edits and the disk

    /** Every few seconds: keep unsaved edits in the autosave folder; look whether the file changed on disk. */
    void tick() {
        String text = editor.text();
        try {
            if (isDirty() && !text.equals(lastKept)) {
                autosave.keep(autosaveId, file.path(), text);
                lastKept = text;
            } else if (!isDirty() && lastKept != null) {
                autosave.forget(autosaveId);
                lastKept = null;
            }
        } catch (IOException e) {
            editor.setTitle(title() + "   (autosave failed: " + e.getMessage() + ")");
        }
        if (file.changedOnDisk() && !asking) {
            // not from the timer's own handler: a dialog may not wait inside an animation
            asking = true;
            javafx.application.Platform.runLater(() -> {
                try {
                    changedOnDisk();
                } finally {
                    asking = false;
                }
            });
        }
    }

    /** The file changed under the editor: reload a clean buffer; ask before throwing unsaved edits away. */
    void changedOnDisk() {
        if (!isDirty()) {
            try {
                editor.replaceAll(file.reload());
                showTitle();
            } catch (IOException gone) {
                file.acknowledgeDisk();
                editor.setTitle(title() + "   (the file is gone from disk)");
            }
            return;
        }
        ButtonType reload = new ButtonType("Reload from disk", ButtonBar.ButtonData.OTHER);
        ButtonType keep = new ButtonType("Keep my edits", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.WARNING, file.path() + " was changed by another program, and you have "
                + "unsaved edits here.", reload, keep);
        a.setHeaderText("The file changed on disk");
        file.acknowledgeDisk(); // ask once per change, not at every tick while the dialog is up
        a.showAndWait().filter(reload::equals).ifPresent(b -> {
            try {
                editor.replaceAll(file.reload());
            } catch (IOException e) {
                new Alert(Alert.AlertType.ERROR, "Could not read it again: " + e.getMessage()).show();
            }
        });
    }

    /**
     * Before the buffer goes (another file opens, the app closes): with unsaved edits, ask to save, discard or
     * cancel. True when it may go.
     */
    boolean mayClose() {
        if (!isDirty()) {
            return true;
        }
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Your changes to " + title().replace(" *", "")
                + " are not saved.", save, discard, ButtonType.CANCEL);
        a.setHeaderText("Save the program first?");
        a.initOwner(app.window());
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            return false;
        }
        if (answer.get() == save) {
            return saveNow(file.path() == null || isShipped(file.path()));
        }
        discard();
        return true;
    }

    /** The edits are thrown away on purpose: they are not offered back at the next start. */
    void discard() {
        try {
            autosave.forget(autosaveId);
        } catch (IOException e) {
            // a record left behind is offered at the next start: the user can refuse it then
        }
    }

    /** The session ends (another program, or the app closes): its timer stops. */
    void close() {
        ticker.stop();
        editor.close();
    }

    private String title() {
        Path p = file.path();
        return (p == null ? "new program" : String.valueOf(p.getFileName())) + (isDirty() ? " *" : "");
    }

    private void showTitle() {
        editor.setTitle(title());
    }
}
