package dev.ringscope.ui;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import java.io.IOException;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/**
 * The desktop app: opens on the default sample, the mini OS running hello.asm, ready to press Play.
 * File ▸ Open takes a program, an image or a recorded trace; the theme is remembered.
 */
public final class RingScopeApp extends Application implements MainWindow.Actions, LessonMode.Host {

    static final String DEFAULT_SAMPLE = "hello";
    /** Settings live under this preferences node; tests point it elsewhere so they never touch a user's. */
    static final String SETTINGS_NODE = System.getProperty("ringscope.settings.node", "dev/ringscope/ui");
    private static final java.util.prefs.Preferences SETTINGS =
            java.util.prefs.Preferences.userRoot().node(SETTINGS_NODE);

    private Stage stage;
    private Scene scene;
    /** How programs run (technique, ISA, costs): remembered, and kept when another program is opened. */
    private dev.ringscope.vmm.RunSetup setup = dev.ringscope.vmm.RunSetup.defaults();
    /** The program on screen, run again when the setup changes. */
    private java.nio.file.Path current;
    /** The comparison window last opened, if any. */
    private ComparisonWindow comparison;
    /** The lesson playing in the window, or null. */
    private LessonMode lesson;
    /** The panes of the comparison window last opened, and how far it was moved (a lesson reuses it). */
    private java.util.List<ComparisonWindow.PaneSpec> comparisonPanes = java.util.List.of();
    private long comparisonAt;
    private Stage comparisonStage;
    /** The program being edited (an .asm file opened, or a new one), or null. */
    private EditingSession editing;
    /** Where unsaved edits are kept until saved (tests point ringscope.autosave.dir elsewhere). */
    private final dev.ringscope.ui.editor.Autosave autosave = dev.ringscope.ui.editor.Autosave.forUser();

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        Session session;
        Documents.Opened opened;
        setup = rememberedSetup();
        Map<String, String> startArgs = getParameters() == null ? Map.of() : getParameters().getNamed();
        try {
            // --technique NAME, --host NAME, --isa strict, --cost modern choose the opening setup (e.g. for screenshots)
            if (startArgs.containsKey("technique")) {
                setup = setup.withTechnique(dev.ringscope.vmm.Technique.parse(startArgs.get("technique")));
            }
            if (startArgs.containsKey("isa")) {
                setup = setup.withStrictIsa("strict".equals(startArgs.get("isa")));
            }
            if (startArgs.containsKey("cost")) {
                setup = setup.withCost(dev.ringscope.vmm.CostModel.parse(startArgs.get("cost")));
            }
            if (startArgs.containsKey("host")) { // --host kvm (refused, with the reason, where the technique cannot)
                setup = setup.withHost(dev.ringscope.vmm.HostType.parse(startArgs.get("host")));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ringscope: " + e.getMessage());
        }
        try {
            current = MiniOs.sample(DEFAULT_SAMPLE);
            opened = Documents.open(current, setup);
            session = new Session(opened.playback());
        } catch (IOException | Documents.LoadException e) {
            new Alert(Alert.AlertType.ERROR, "The default sample could not start: " + e.getMessage()).showAndWait();
            return;
        }
        remember(session);
        MainWindow window = new MainWindow(session, "samples/user/" + DEFAULT_SAMPLE + ".asm — " + setup.describe(),
                opened.program(), this, setup);
        window.applyLayout(rememberedLayout());
        // --rings accurate|simplified chooses the ring picture (e.g. for screenshots); else as last left
        window.setAccurateRingPicture(named("rings", SETTINGS.getBoolean("accurateRings", false) ? "accurate" : "simplified")
                .equals("accurate"));
        scene = new Scene(window, 1280, 800);
        edit(current, window);
        window.installKeys(scene);
        window.useDarkTheme(SETTINGS.getBoolean("darkTheme", false));
        window.setZoomPercent(SETTINGS.getInt("zoom", 100));
        // --theme dark and --advance N (instructions) set the opening state, e.g. for screenshots
        Map<String, String> named = getParameters() == null ? Map.of() : getParameters().getNamed();
        if (named.containsKey("theme")) {
            try {
                // --theme=dark|light|projector: for this session (later windows keep it), not remembered
                window.useTheme(Themes.Theme.parse(named.get("theme")));
            } catch (IllegalArgumentException e) {
                System.err.println("ringscope: " + e.getMessage());
            }
        }
        if (named.containsKey("advance")) {
            try {
                session.advanceAtStart(Long.parseLong(named.get("advance")));
            } catch (NumberFormatException e) {
                System.err.println("ringscope: --advance takes a number of instructions, not '" + named.get("advance") + "'");
            }
        }
        stage.setTitle("RingScope");
        stage.setOnHiding(e -> rememberLayout(((MainWindow) scene.getRoot()).dividers()));
        stage.setOnCloseRequest(e -> {
            if (editing != null && !editing.mayClose()) {
                e.consume(); // unsaved edits: the user chose Cancel
            }
        });
        stage.setScene(scene);
        // the whole screen: maximized where a window manager does it, sized to the screen where none does
        fillScreen(stage);
        stage.setMaximized(true);
        // the last program opened comes back, when it still exists
        String last = SETTINGS.get("lastProgram", null);
        if (named.containsKey("program")) {
            // --program FILE [--advance N]: open that program (and move on N instructions)
            open(java.nio.file.Path.of(named.get("program")));
            if (named.containsKey("advance")) {
                try {
                    ((MainWindow) scene.getRoot()).session().advanceAtStart(Long.parseLong(named.get("advance")));
                } catch (NumberFormatException e) {
                    System.err.println("ringscope: --advance takes a number of instructions");
                }
            }
        } else if (last != null && named.get("advance") == null) {
            java.nio.file.Path lastPath = java.nio.file.Path.of(last);
            if (java.nio.file.Files.isRegularFile(lastPath)) {
                open(lastPath);
            }
        }
        stage.show();
        if (named.containsKey("lesson")) {
            // --lesson FILE [--step N]: play a lesson from its first (or N-th) step
            int step = 1;
            try {
                step = Integer.parseInt(named.getOrDefault("step", "1"));
            } catch (NumberFormatException e) {
                System.err.println("ringscope: --step takes a step number, not '" + named.get("step") + "'");
            }
            java.util.concurrent.CompletableFuture<LessonMode> playing =
                    playLesson(java.nio.file.Path.of(named.get("lesson")), step - 1);
            // the lesson's window replaces this one once resolved: present that one, with its notes and steps
            playing.thenRun(() -> javafx.application.Platform.runLater(this::presentAsAsked));
        } else {
            presentAsAsked();
        }
        if (getParameters() != null && getParameters().getUnnamed().contains("--edit")) {
            ((MainWindow) scene.getRoot()).selectEditor(); // --edit: the editor's tab in front
        }
        javafx.application.Platform.runLater(this::offerUnsavedEdits);
        if (named.containsKey("startup-time")) {
            // --startup-time: how long from the JVM's start to the first frame of the window
            javafx.application.Platform.runLater(() -> System.err.printf("ringscope: window ready %d ms after the JVM started%n",
                    System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
        }
        if (named.containsKey("compare")) {
            compare(); // --compare [--compare-advance N]: the side-by-side window too (screenshots)
            if (comparison != null && named.containsKey("compare-advance")) {
                comparison.advance(Long.parseLong(named.get("compare-advance")));
            }
        }
        if (named.containsKey("guests")) {
            compareGuests(); // --guests [--guests-slices N]: containers against VMs too (screenshots)
            if (guestsWindow != null && named.containsKey("guests-slices")) {
                try {
                    for (long k = Long.parseLong(named.get("guests-slices")); k > 0 && guestsWindow.step(); k--) {
                        // one slice each
                    }
                } catch (NumberFormatException e) {
                    System.err.println("ringscope: --guests-slices takes a number, not '" + named.get("guests-slices") + "'");
                }
            }
        }
    }

    @Override
    public void openDialog() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Open a program, an image or a trace");
        chooser.getExtensionFilters().addAll(
                new javafx.stage.FileChooser.ExtensionFilter("Programs, images, traces and lessons", "*.asm", "*.elf",
                        "*.bin", "*.jsonl", "*.rstrace", "*.json"),
                new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
        java.io.File file = chooser.showOpenDialog(stage);
        if (file != null) {
            open(file.toPath());
        }
    }

    @Override
    public void open(java.nio.file.Path file) {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".json")) {
            openLesson(file); // a lesson file plays as a lesson
            return;
        }
        if (editing != null && !isEdited(file) && !editing.mayClose()) {
            return; // unsaved edits, and the user chose Cancel
        }
        MainWindow before = (MainWindow) scene.getRoot();
        before.session().pause();
        before.presentation().leave(); // the new window opens as a normal window
        if (dev.ringscope.trace.TraceCodec.isTrace(file)) {
            openTrace(file, before);
            return;
        }
        lesson = null;
        try {
            Documents.Opened opened = Documents.open(file, setup);
            SETTINGS.put("lastProgram", file.toAbsolutePath().toString());
            current = file;
            MainWindow window = replaceWindow(before, opened);
            edit(file, window);
            if (!opened.warnings().isEmpty()) {
                show(Alert.AlertType.WARNING, "Some lines of the trace were skipped:\n"
                        + String.join("\n", opened.warnings().subList(0, Math.min(10, opened.warnings().size()))));
            }
        } catch (Documents.LoadException e) {
            if (editable(file)) {
                // a program that does not assemble opens in the editor, its errors where they are, to be fixed;
                // the run on screen stays (marked stale in the editor)
                edit(file, before);
                if (editing != null) {
                    editing.editor().setRunText(null);
                }
                before.selectEditor();
                current = file;
            } else {
                show(Alert.AlertType.ERROR, e.getMessage());
            }
        }
    }

    /** The trace being opened in the background, if any (tests wait for it). */
    private javafx.concurrent.Task<Documents.Opened> opening;

    javafx.concurrent.Task<Documents.Opened> opening() {
        return opening;
    }

    /**
     * A trace is read, indexed for seeking and prepared for the views off the JavaFX thread, with a
     * progress window and Cancel: a recording of millions of events takes seconds to read, and the run
     * on screen stays usable until the new one is ready (or stays, if the user cancels or the file is bad).
     */
    private void openTrace(java.nio.file.Path file, MainWindow before) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        javafx.concurrent.Task<Documents.Opened> task = new javafx.concurrent.Task<>() {
            @Override
            protected Documents.Opened call() throws Exception {
                return Documents.openTrace(file, (share, doing) -> {
                    updateProgress(share, 1);
                    updateMessage(doing);
                    return !isCancelled();
                });
            }
        };
        task.setOnSucceeded(e -> {
            Documents.Opened opened = task.getValue();
            lesson = null;
            SETTINGS.put("lastProgram", file.toAbsolutePath().toString());
            current = file;
            MainWindow window = replaceWindow(before, opened);
            edit(file, window);
            if (!opened.warnings().isEmpty()) {
                show(Alert.AlertType.WARNING, "Some lines of the trace were skipped:\n"
                        + String.join("\n", opened.warnings().subList(0, Math.min(10, opened.warnings().size()))));
            }
        });
        opening = task;
        dev.ringscope.ui.present.ExportDialogs.run(stage, "Opening " + name, task,
                "Cancelled: the run on screen stays as it was.", "");
    }

    // ---------------------------------------------------------------- the program editor

    private static boolean editable(java.nio.file.Path file) {
        return file.toString().endsWith(".asm") && file.getFileSystem() == java.nio.file.FileSystems.getDefault()
                && java.nio.file.Files.isRegularFile(file);
    }

    private boolean isEdited(java.nio.file.Path file) {
        return editing != null && editing.path() != null
                && editing.path().toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
    }

    /** An assembly source gets the editor (the same one when it is the file already edited); anything else, none. */
    private void edit(java.nio.file.Path file, MainWindow window) {
        if (isEdited(file)) {
            window.adoptEditor(editing.editor(), editing.path(), false);
            return;
        }
        if (editing != null) {
            editing.close();
            editing = null;
        }
        if (!editable(file)) {
            return;
        }
        try {
            dev.ringscope.ui.editor.EditorFile f = dev.ringscope.ui.editor.EditorFile.read(file);
            editing = new EditingSession(editingApp(), f, f.savedText(), autosave);
            window.adoptEditor(editing.editor(), file, false);
        } catch (java.io.IOException e) {
            show(Alert.AlertType.WARNING, "The program runs, but it cannot be edited here: " + e.getMessage());
        }
    }

    /** The editor's program edited (tests). */
    EditingSession editing() {
        return editing;
    }

    private EditingSession.App editingApp() {
        return new EditingSession.App() {
            @Override
            public dev.ringscope.vmm.RunSetup setup() {
                return setup;
            }

            @Override
            public void showRun(java.nio.file.Path file, dev.ringscope.asm.Program program, String text) {
                runEdited(file, program);
            }

            @Override
            public javafx.stage.Window window() {
                return stage;
            }
        };
    }

    /** Ctrl+R in the editor: the buffer's program, run from the start under the current setup, in the same layout. */
    private void runEdited(java.nio.file.Path file, dev.ringscope.asm.Program program) {
        lesson = null;
        MainWindow before = (MainWindow) scene.getRoot();
        before.session().pause();
        before.presentation().leave();
        try {
            MainWindow window = replaceWindow(before, Documents.open(file, program, setup));
            window.adoptEditor(editing.editor(), file, before.isEditorSelected());
        } catch (Documents.LoadException e) {
            show(Alert.AlertType.ERROR, e.getMessage());
        }
    }

    /**
     * A main window for {@code opened} in place of {@code before}, looking as it did: the same dividers, ring
     * picture, theme and zoom (File ▸ Open and Ctrl+R in the editor both go through here).
     */
    private MainWindow replaceWindow(MainWindow before, Documents.Opened opened) {
        Session session = new Session(opened.playback());
        remember(session);
        MainWindow window = new MainWindow(session, opened.title(), opened.program(), this, opened.setup(),
                opened.views());
        window.applyLayout(before.dividers());
        window.setAccurateRingPicture(SETTINGS.getBoolean("accurateRings", false));
        scene.setRoot(window);
        window.installKeys(scene);
        window.useTheme(before.theme());
        window.setZoomPercent(before.zoomPercent());
        return window;
    }

    /** Edits offered back at start: a record the last run left (a crash, a kill) restored into the editor. */
    void offerUnsavedEdits() {
        java.util.List<dev.ringscope.ui.editor.Autosave.Record> left = autosave.left();
        if (left.isEmpty()) {
            return;
        }
        dev.ringscope.ui.editor.Autosave.Record r = left.get(0);
        String what = r.file() == null ? "a new program" : r.file().toString();
        javafx.scene.control.ButtonType restore = new javafx.scene.control.ButtonType("Restore",
                javafx.scene.control.ButtonBar.ButtonData.YES);
        javafx.scene.control.ButtonType discard = new javafx.scene.control.ButtonType("Discard",
                javafx.scene.control.ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "RingScope was closed with unsaved edits to " + what
                + " (kept " + java.time.Instant.ofEpochMilli(r.savedAtMillis()).atZone(java.time.ZoneId.systemDefault())
                .toLocalTime().withNano(0) + "). Restore them into the editor?", restore, discard);
        a.setHeaderText("Unsaved edits from last time");
        a.initOwner(stage);
        a.showAndWait().ifPresent(b -> {
            if (b == restore) {
                restoreEdits(r);
            } else {
                forgetRecord(r);
            }
        });
    }

    /** Opens the record's file (if it still exists) with the record's text in the editor, unsaved. */
    void restoreEdits(dev.ringscope.ui.editor.Autosave.Record r) {
        if (r.file() != null && java.nio.file.Files.isRegularFile(r.file())) {
            open(r.file());
            if (editing != null && isEdited(r.file())) {
                editing.editor().replaceAll(r.text());
            }
        } else {
            newProgram(r.text());
        }
        forgetRecord(r); // the editor's own autosave keeps it from here on
    }

    private void forgetRecord(dev.ringscope.ui.editor.Autosave.Record r) {
        try {
            autosave.forget(r.id());
        } catch (java.io.IOException e) {
            show(Alert.AlertType.WARNING, "Could not remove the kept edits in " + autosave.folder() + ": " + e.getMessage());
        }
    }

    @Override
    public void newProgram(boolean kernel) {
        try {
            java.nio.file.Path t = MiniOs.samplesRoot().resolve(kernel ? "templates/kernel.asm" : "templates/user.asm");
            newProgram(new String(java.nio.file.Files.readAllBytes(t), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            show(Alert.AlertType.ERROR, "The template could not be read: " + e.getMessage());
        }
    }

    @Override
    public void saveProgram(boolean as) {
        if (editing == null) {
            show(Alert.AlertType.INFORMATION, "There is no program in the editor: open an .asm file, or File ▸ New.");
            return;
        }
        editing.save(as);
    }

    /** File ▸ New: a program from a template, not yet saved anywhere; it runs with Ctrl+R. */
    void newProgram(String template) {
        if (editing != null && !editing.mayClose()) {
            return;
        }
        if (editing != null) {
            editing.close();
        }
        editing = new EditingSession(editingApp(), dev.ringscope.ui.editor.EditorFile.untitled(template), template,
                autosave);
        ((MainWindow) scene.getRoot()).adoptEditor(editing.editor(), null, true);
        editing.editor().runNow();
    }

    // ---------------------------------------------------------------- lessons

    @Override
    public void openLesson(java.nio.file.Path file) {
        playLesson(file, 0);
    }

    /** Reads and resolves the lesson off the JavaFX thread, then shows step {@code step} (0-based); problems in an alert. */
    java.util.concurrent.CompletableFuture<LessonMode> playLesson(java.nio.file.Path file, int step) {
        MainWindow before = (MainWindow) scene.getRoot();
        before.session().pause();
        java.util.concurrent.CompletableFuture<LessonMode> done = new java.util.concurrent.CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                dev.ringscope.lesson.ResolvedLesson resolved =
                        new dev.ringscope.lesson.LessonResolver().resolve(dev.ringscope.lesson.LessonReader.read(file));
                javafx.application.Platform.runLater(() -> {
                    before.presentation().leave();
                    if (comparisonStage != null) {
                        closeComparison();
                    }
                    lesson = new LessonMode(this, resolved);
                    current = resolved.lesson().program(); // Compare and a setup change use the lesson's program
                    lesson.start(step);
                    done.complete(lesson);
                });
            } catch (dev.ringscope.lesson.LessonException e) {
                String problems = String.join("\n", e.problems().subList(0, Math.min(12, e.problems().size())))
                        + (e.problems().size() > 12 ? "\n… and " + (e.problems().size() - 12) + " more." : "");
                javafx.application.Platform.runLater(() -> {
                    show(Alert.AlertType.ERROR, "The lesson cannot be played:\n" + problems);
                    done.completeExceptionally(e);
                });
            } catch (java.io.IOException | RuntimeException e) {
                javafx.application.Platform.runLater(() -> {
                    show(Alert.AlertType.ERROR, "The lesson " + file + " could not be read: " + e.getMessage());
                    done.completeExceptionally(e);
                });
            }
        }, "lesson resolver");
        worker.setDaemon(true);
        worker.start();
        return done;
    }

    /** The keys that drive a lesson (a clicker's and the votes), sent on to the main window from another one. */
    private static final java.util.Set<javafx.scene.input.KeyCode> LESSON_KEYS = java.util.EnumSet.of(
            javafx.scene.input.KeyCode.PAGE_DOWN, javafx.scene.input.KeyCode.PAGE_UP, javafx.scene.input.KeyCode.ESCAPE,
            javafx.scene.input.KeyCode.F5, javafx.scene.input.KeyCode.B, javafx.scene.input.KeyCode.PERIOD,
            javafx.scene.input.KeyCode.DIGIT1, javafx.scene.input.KeyCode.DIGIT2, javafx.scene.input.KeyCode.DIGIT3,
            javafx.scene.input.KeyCode.DIGIT4);

    /**
     * A lesson's comparison window takes the focus when it opens: the lecturer's clicker must still drive the
     * lesson, so its keys go on to the main window (its scene's filters: the presentation's and the lesson's).
     */
    private void forwardLessonKeys(Scene other) {
        other.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (lesson != null && LESSON_KEYS.contains(e.getCode()) && !e.isShortcutDown()) {
                javafx.scene.Node root = scene.getRoot();
                javafx.event.Event.fireEvent(root, e.copyFor(root, root));
                e.consume();
            }
        });
    }

    /** --present: straight into presentation mode; --presenter: the lecturer's window too. */
    private void presentAsAsked() {
        java.util.List<String> flags = getParameters() == null ? java.util.List.of() : getParameters().getUnnamed();
        MainWindow window = (MainWindow) scene.getRoot();
        if (flags.contains("--present")) {
            window.presentation().enter();
        }
        if (flags.contains("--presenter")) {
            window.presentation().openPresenter();
        }
    }

    @Override
    public java.nio.file.Path programFile() {
        return current;
    }

    @Override
    public dev.ringscope.lesson.ResolvedLesson playingLesson() {
        return lesson == null ? null : lesson.resolved();
    }

    /** The comparison window last opened, or null. */
    ComparisonWindow comparison() {
        return comparison;
    }

    /** The lesson playing, or null (tests). */
    LessonMode lesson() {
        return lesson;
    }

    @Override
    public MainWindow window(Session session, String title, dev.ringscope.asm.Program program, MainWindow.Actions actions,
                             dev.ringscope.vmm.RunSetup runSetup) {
        remember(session);
        MainWindow window = new MainWindow(session, title, program, actions, runSetup);
        window.installKeys(scene);
        MainWindow now = (MainWindow) scene.getRoot();
        window.setAccurateRingPicture(now.accurateRingPicture());
        window.applyLayout(now.dividers());
        window.useTheme(now.theme());
        window.setZoomPercent(now.zoomPercent());
        return window;
    }

    @Override
    public void show(MainWindow window) {
        scene.setRoot(window);
        window.useTheme(window.theme()); // the canvases take the theme's palette once in the scene
    }

    @Override
    public Documents.Opened explore(java.nio.file.Path program, dev.ringscope.vmm.RunSetup runSetup) {
        try {
            return Documents.open(program, runSetup);
        } catch (Documents.LoadException e) {
            show(Alert.AlertType.ERROR, e.getMessage());
            return null;
        }
    }

    @Override
    public ComparisonWindow compare(java.nio.file.Path program, java.util.List<ComparisonWindow.PaneSpec> panes,
                                    dev.ringscope.vmm.CostModel cost, long instructions) {
        if (comparisonStage == null || !comparisonPanes.equals(panes) || comparisonAt > instructions) {
            if (comparisonStage != null) {
                closeComparison();
            }
            openComparison(program, panes, cost);
            comparisonPanes = java.util.List.copyOf(panes);
            comparisonAt = 0;
        }
        comparison.advance(instructions - comparisonAt);
        comparisonAt = instructions;
        return comparison;
    }

    @Override
    public void closeComparison() {
        if (comparisonStage != null) {
            comparisonStage.close();
        }
        comparisonStage = null;
        comparison = null;
        comparisonPanes = java.util.List.of();
    }

    @Override
    public void closeLesson(java.nio.file.Path program) {
        lesson = null;
        open(program);
    }

    @Override
    public java.nio.file.Path chooseLessonFile(dev.ringscope.lesson.Lesson toSave) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save lesson");
        java.nio.file.Path suggested = lesson != null && lesson.savedFile() != null ? lesson.savedFile() : toSave.file();
        if (suggested.toAbsolutePath().getParent() != null) {
            chooser.setInitialDirectory(suggested.toAbsolutePath().getParent().toFile());
        }
        chooser.setInitialFileName(suggested.getFileName().toString());
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Lesson", "*.json"));
        java.io.File f = chooser.showSaveDialog(stage);
        return f == null ? null : f.toPath();
    }

    @Override
    public dev.ringscope.lesson.LessonStep askForStep(LessonMode mode, MainWindow window) {
        MachineView view = window.session().view();
        if (view.instructionsRetired() < 1) {
            mode.panel().showProblem("Run at least one instruction before adding a step here.");
            return null;
        }
        dev.ringscope.ui.lesson.StepEditor editor = new dev.ringscope.ui.lesson.StepEditor(view.instructionsRetired(),
                LessonMode.candidates(view, window.codeView().program(), window.setup()),
                window.setup(), mode.resolved().lesson().setupOf(mode.player().currentStep()));
        javafx.scene.control.Dialog<dev.ringscope.lesson.LessonStep> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle("Add a step here");
        dialog.setHeaderText("A new step after step " + mode.player().currentStep().number() + ", at this point of the run");
        dialog.getDialogPane().setContent(editor);
        dialog.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        javafx.scene.Node ok = dialog.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (editor.step().isEmpty()) {
                e.consume(); // says what is missing and stays open
            }
        });
        dialog.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK ? editor.step().orElse(null) : null);
        return dialog.showAndWait().orElse(null);
    }

    @Override
    public MainWindow.Actions appActions() {
        return this;
    }

    /** The playback speed comes back as it was last time, and is kept when changed. */
    private static void remember(Session session) {
        session.speedProperty().set(SETTINGS.getDouble("speed", session.speedProperty().get()));
        session.speedProperty().addListener((o, a, b) -> SETTINGS.putDouble("speed", b.doubleValue()));
    }

    @Override
    public void compare() {
        compare(ComparisonWindow.DEFAULT);
    }

    @Override
    public void ringPictureChanged(boolean accurate) {
        SETTINGS.putBoolean("accurateRings", accurate);
    }

    /** A named start argument ({@code --rings=accurate}), or {@code otherwise}. */
    private String named(String name, String otherwise) {
        Map<String, String> named = getParameters() == null ? Map.of() : getParameters().getNamed();
        return named.getOrDefault(name, otherwise);
    }

    @Override
    public void compareHosts() {
        compare(ComparisonWindow.HOSTS);
    }

    /** The samples Compare ▸ Containers against VMs starts from: two VMs, and the same programs as two processes. */
    static final java.util.List<String> NEIGHBOUR_VMS = java.util.List.of("neighbour_victim", "neighbour_buggy");
    static final String NEIGHBOUR_PROCESSES = "neighbours";

    /** The last window of guests opened (tests). */
    private GuestsWindow guestsWindow;

    GuestsWindow guestsWindow() {
        return guestsWindow;
    }

    @Override
    public void compareGuests() {
        java.util.List<java.nio.file.Path> vms = new java.util.ArrayList<>();
        java.nio.file.Path processes;
        try {
            for (String name : NEIGHBOUR_VMS) {
                vms.add(MiniOs.sample(name));
            }
            processes = MiniOs.sample(NEIGHBOUR_PROCESSES);
        } catch (IOException e) {
            show(Alert.AlertType.ERROR, "The containers samples are missing: " + e.getMessage());
            return;
        }
        GuestsWindow window = new GuestsWindow(setup, vms, processes);
        Stage guestsStage = new Stage();
        guestsStage.setTitle("RingScope — containers against VMs");
        Scene guestsScene = new Scene(window, 1280, 800);
        Themes.Theme themeNow = ((MainWindow) scene.getRoot()).theme();
        guestsScene.getStylesheets().setAll(Themes.stylesheets(themeNow));
        window.setPalette(themeNow == Themes.Theme.DARK ? Palette.dark() : Palette.light());
        guestsStage.setScene(guestsScene);
        fillScreen(guestsStage);
        guestsStage.setOnHidden(e -> window.stop());
        guestsStage.show();
        guestsWindow = window;
    }

    private void compare(java.util.List<ComparisonWindow.PaneSpec> panes) {
        if (current == null || dev.ringscope.trace.TraceCodec.isTrace(current)) {
            show(Alert.AlertType.INFORMATION, "A recorded trace replays one run; open a program to compare techniques.");
            return;
        }
        openComparison(current, panes, setup.cost());
    }

    private void openComparison(java.nio.file.Path file, java.util.List<ComparisonWindow.PaneSpec> panes,
                                dev.ringscope.vmm.CostModel cost) {
        ComparisonWindow window = new ComparisonWindow(file.getFileName().toString(), t -> Documents.image(file, t),
                panes, cost);
        Stage compareStage = new Stage();
        compareStage.setTitle("RingScope — compare techniques: " + file.getFileName());
        Scene compareScene = new Scene(window, 1280, 800);
        Themes.Theme themeNow = ((MainWindow) scene.getRoot()).theme();
        compareScene.getStylesheets().setAll(Themes.stylesheets(themeNow));
        window.useDarkTheme(themeNow == Themes.Theme.DARK);
        compareStage.setScene(compareScene);
        fillScreen(compareStage);
        compareStage.setOnHidden(e -> window.dispose());
        if (lesson != null) {
            compareStage.initOwner(stage); // a lesson's comparison stays above the lesson, full screen too
            forwardLessonKeys(compareScene);
        }
        compareStage.show();
        comparison = window;
        comparisonStage = compareStage;
    }

    @Override
    public void setupChanged(dev.ringscope.vmm.RunSetup changed) {
        lesson = null;
        setup = changed;
        SETTINGS.put("technique", changed.technique().id());
        SETTINGS.putBoolean("strictIsa", changed.strictIsa());
        SETTINGS.put("cost", changed.cost().name());
        SETTINGS.put("host", changed.host().id());
        if (editing != null && (editing.path() == null || (current != null && isEdited(current)))) {
            editing.editor().runNow(); // the program as it is in the editor, under the new setup
            if (editing.editor().lastAssembly().ok()) {
                return;
            }
        }
        if (current != null) {
            open(current);
        }
    }

    private static dev.ringscope.vmm.RunSetup rememberedSetup() {
        try {
            dev.ringscope.vmm.RunSetup remembered = dev.ringscope.vmm.RunSetup.of(
                    dev.ringscope.vmm.Technique.parse(SETTINGS.get("technique", "native")),
                    SETTINGS.getBoolean("strictIsa", false),
                    dev.ringscope.vmm.CostModel.parse(SETTINGS.get("cost", "2006")));
            dev.ringscope.vmm.HostType host = dev.ringscope.vmm.HostType.parse(SETTINGS.get("host", "type1"));
            return host.allows(remembered.technique()) ? remembered.withHost(host) : remembered;
        } catch (IllegalArgumentException e) {
            return dev.ringscope.vmm.RunSetup.defaults(); // settings from another version: start plain
        }
    }

    /** Remembers the dividers as they are now (when the window closes). */
    static void rememberLayout(double[] dividers) {
        SETTINGS.put("layout", String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f", dividers[0], dividers[1], dividers[2]));
    }

    /** The dividers as the user left them, or null (the window's defaults). */
    static double[] rememberedLayout() {
        String s = SETTINGS.get("layout", null);
        if (s == null) {
            return null;
        }
        try {
            String[] parts = s.split(",");
            double[] d = new double[parts.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Double.parseDouble(parts[i]);
                if (d[i] <= 0 || d[i] >= 1) {
                    return null;
                }
            }
            return d.length == 3 && d[0] < d[1] ? d : null;
        } catch (NumberFormatException e) {
            return null; // settings from another version: the defaults
        }
    }

    @Override
    public void darkThemeChanged(boolean dark) {
        SETTINGS.putBoolean("darkTheme", dark);
    }

    @Override
    public void zoomChanged(int percent) {
        SETTINGS.putInt("zoom", percent);
    }

    private void show(Alert.AlertType type, String message) {
        Alert alert = new Alert(type, message);
        alert.setHeaderText(null);
        alert.initOwner(stage);
        alert.show();
    }

    static Machine bootSample(String name) throws IOException, AsmException, BootException {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(MiniOs.sample(name), Map.of()).bytes());
        return m;
    }

    public static void main(String[] args) {
        launch(args);
    }

    /** Places and sizes {@code stage} to the primary screen's visual bounds. */
    private static void fillScreen(Stage stage) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(screen.getWidth());
        stage.setHeight(screen.getHeight());
    }
}
