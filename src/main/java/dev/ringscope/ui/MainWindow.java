package dev.ringscope.ui;

import dev.ringscope.trace.Trace;

import dev.ringscope.replay.MachineView;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.Technique;

/**
 * The main window: the rings in the middle, narration and registers beside them, the console
 * below, and the playback controls on top (Space play/pause, → step, ← step back, Home).
 */
final class MainWindow extends BorderPane {

    private final Session session;
    private final RingView rings = new RingView();
    private final RegisterPanel registers = new RegisterPanel();
    private final NarrationView narration = new NarrationView();
    /** The program's functions and labels: named in the narration and the log, and where "Break at" finds them. */
    private final dev.ringscope.asm.Symbols symbols;
    private final ConsoleView console = new ConsoleView();
    private final MemoryView memory = new MemoryView();
    private javafx.scene.control.Tab memoryTab;
    private javafx.scene.control.Tab vmmTab;
    private final EventLogView log;
    private final CodeView code;
    private final TimelineView timeline;
    private final Label status = new Label();
    private final ViewFailures failures = new ViewFailures();
    private final javafx.scene.control.CheckMenuItem dark = new javafx.scene.control.CheckMenuItem("Dark theme");
    private final RunSetup setup;
    private final VmmPanel vmm;
    private final Button play = new Button("Play");
    private final javafx.scene.control.CheckMenuItem projector = new javafx.scene.control.CheckMenuItem("Projector theme");
    /** Presentation mode (F5): its own, larger rings; it borrows this window's place while presenting. */
    private final RingView presentRings = new RingView();
    /** View › the accurate picture of the rings: VMX root and non-root each with rings 0–3 (SDM Vol. 3C §23.3). */
    private final javafx.scene.control.CheckMenuItem accuratePicture = new javafx.scene.control.CheckMenuItem(
            "Rings: root and non-root (accurate picture)");
    private final dev.ringscope.ui.present.Presentation presentation;

    /** What the window asks the application to do (nothing, by default: a window on its own, as in tests). */
    interface Actions {
        default void open(java.nio.file.Path file) {
        }

        default void openDialog() {
        }

        default void darkThemeChanged(boolean dark) {
        }

        default void zoomChanged(int percent) {
        }

        /** The user chose another technique, ISA, cost preset or VMCS controls: run the program again. */
        default void setupChanged(RunSetup setup) {
        }

        /** Open the side-by-side comparison of techniques for the program on screen. */
        default void compare() {
        }

        /** Open the comparison of the hosts (hardware assist on type 1, type 2 and KVM) for the program on screen. */
        default void compareHosts() {
        }

        /** Open guests under one VMM beside the same programs as processes on one kernel. */
        default void compareGuests() {
        }

        /** The user chose the ring picture in the View menu (to keep it for the next window). */
        default void ringPictureChanged(boolean accurate) {
        }

        /** Play a lesson (a .json lesson file) in the window. */
        default void openLesson(java.nio.file.Path lesson) {
        }

        /** File ▸ New: a user program ({@code kernel} false) or a kernel experiment, from a template. */
        default void newProgram(boolean kernel) {
        }

        /** File ▸ Save (Ctrl+S) or Save as ({@code as}): the program in the editor. */
        default void saveProgram(boolean as) {
        }

        /** The file on screen (a program, an image or a trace), which an export runs again; null if none. */
        default java.nio.file.Path programFile() {
            return null;
        }

        /** The lesson playing in this window, which File ▸ Export can hand out; null if none. */
        default dev.ringscope.lesson.ResolvedLesson playingLesson() {
            return null;
        }

    }

    /** A technique as a choice box shows it: its title ("Hardware assist (VT-x)"). */
    static final javafx.util.StringConverter<Technique> TECHNIQUE_TITLES = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Technique t) {
            return t == null ? "" : t.title();
        }

        @Override
        public Technique fromString(String s) {
            return Technique.parse(s);
        }
    };

    private final Actions actions;
    private final dev.ringscope.asm.Program program;
    private javafx.scene.control.TabPane below;
    private javafx.scene.control.Tab editorTab;
    private dev.ringscope.ui.editor.ProgramEditor editor;
    private java.nio.file.Path edited;
    private SplitPane middle;
    private SplitPane body;

    MainWindow(Session session, String title, dev.ringscope.asm.Program program, Actions actions) {
        this(session, title, program, actions, RunSetup.defaults());
    }

    MainWindow(Session session, String title, dev.ringscope.asm.Program program, Actions actions, RunSetup setup) {
        this(session, title, program, actions, setup, null);
    }

    /** @param prepared the views' reading of a recorded run, done ahead while it loaded; null: done here */
    MainWindow(Session session, String title, dev.ringscope.asm.Program program, Actions actions, RunSetup setup,
               PreparedViews prepared) {
        this.session = session;
        this.actions = actions;
        this.setup = setup;
        this.vmm = new VmmPanel(session.playback(), setup);
        Trace trace = session.playback().trace();
        this.log = new EventLogView(trace, prepared == null ? null : prepared.rows(), session::seekToEvent);
        this.timeline = new TimelineView(prepared == null ? new TimelineTrack(trace) : prepared.track(),
                session::seekToEvent);
        this.code = new CodeView(program, session.playback());
        this.program = program;
        this.symbols = dev.ringscope.asm.Symbols.of(program);
        narration.useSymbols(symbols);
        log.useSymbols(symbols);
        this.presentation = new dev.ringscope.ui.present.Presentation(this, presentRings, presentRings::setScale,
                new dev.ringscope.ui.present.RingChangeAdvancer(session.playback(), session::pause, session::moved));
        presentation.useZoom(this::zoom);
        getStyleClass().addAll("main-window", "zoom-100");
        setTop(new VBox(menus(), toolbar(), setupBar(title)));
        VBox side = new VBox(narration, new ScrollPane(registers));
        side.getStyleClass().add("side");
        SplitPane middle = new SplitPane(rings, code, side);
        // under a VMM the side shows two CPUs (real and virtual): give it more room
        middle.setDividerPositions(setup.technique() == Technique.NATIVE ? 0.42 : 0.38,
                setup.technique() == Technique.NATIVE ? 0.74 : 0.64);
        ScrollPane vmmScroll = new ScrollPane(vmm);
        vmmScroll.setFitToWidth(true);
        javafx.scene.control.Tab vmmTab = new javafx.scene.control.Tab("VMM", vmmScroll);
        vmmTab.setId("vmm-tab");
        memoryTab = new javafx.scene.control.Tab("Memory", new ScrollPane(memory));
        this.vmmTab = vmmTab;
        below = new javafx.scene.control.TabPane(
                new javafx.scene.control.Tab("Console", console), new javafx.scene.control.Tab("Event log", log),
                memoryTab, vmmTab);
        // the memory and VMM tabs rebuild their content: only while they are on screen
        memoryTab.setOnSelectionChanged(e -> showTabs(session.view()));
        vmmTab.setOnSelectionChanged(e -> showTabs(session.view()));
        if (setup.technique() != Technique.NATIVE) {
            below.getSelectionModel().select(vmmTab);
        }
        below.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox lower = new VBox(timeline, below);
        VBox.setVgrow(below, javafx.scene.layout.Priority.ALWAYS);
        SplitPane body = new SplitPane(middle, lower);
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.64);
        this.middle = middle;
        this.body = body;
        setCenter(body);
        status.getStyleClass().add("status");
        setBottom(new VBox(failures, status));
        registerViews();
        session.viewProperty().addListener((o, a, b) -> show(b));
        session.playingProperty().addListener((o, a, b) -> play.setText(b ? "Pause" : "Play"));
        show(session.view());
    }

    private javafx.scene.control.MenuBar menus() {
        javafx.scene.control.MenuItem open = new javafx.scene.control.MenuItem("Open…");
        open.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> actions.openDialog());
        javafx.scene.control.MenuItem exportPng = new javafx.scene.control.MenuItem("Export view as PNG…");
        exportPng.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+E"));
        exportPng.setOnAction(e -> exportPngDialog());
        javafx.scene.control.MenuItem exportGif = new javafx.scene.control.MenuItem("Export animation as GIF…");
        exportGif.setId("export-gif");
        exportGif.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+E"));
        exportGif.setOnAction(e -> exportAnimationDialog());
        exportGif.setDisable(actions.programFile() == null);
        javafx.scene.control.MenuItem lessonPdf = new javafx.scene.control.MenuItem("Export lesson as PDF handout…");
        lessonPdf.setId("export-lesson-pdf");
        lessonPdf.setOnAction(e -> exportLesson(dev.ringscope.ui.present.Exports.LessonForm.PDF));
        javafx.scene.control.MenuItem lessonGif = new javafx.scene.control.MenuItem("Export lesson as GIF…");
        lessonGif.setId("export-lesson-gif");
        lessonGif.setOnAction(e -> exportLesson(dev.ringscope.ui.present.Exports.LessonForm.GIF));
        lessonPdf.setDisable(actions.playingLesson() == null);
        lessonGif.setDisable(actions.playingLesson() == null);
        javafx.scene.control.MenuItem newUser = new javafx.scene.control.MenuItem("User program");
        newUser.setOnAction(e -> actions.newProgram(false));
        javafx.scene.control.MenuItem newKernel = new javafx.scene.control.MenuItem("Kernel experiment");
        newKernel.setOnAction(e -> actions.newProgram(true));
        javafx.scene.control.Menu newMenu = new javafx.scene.control.Menu("New", null, newUser, newKernel);
        javafx.scene.control.MenuItem save = new javafx.scene.control.MenuItem("Save program");
        save.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+S"));
        save.setOnAction(e -> actions.saveProgram(false));
        javafx.scene.control.MenuItem saveAs = new javafx.scene.control.MenuItem("Save program as…");
        saveAs.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+S"));
        saveAs.setOnAction(e -> actions.saveProgram(true));
        javafx.scene.control.MenuItem saveTrace = new javafx.scene.control.MenuItem("Save trace…");
        saveTrace.setId("save-trace");
        saveTrace.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Alt+S"));
        saveTrace.setOnAction(e -> saveTraceDialog());
        javafx.scene.control.Menu file = new javafx.scene.control.Menu("File", null, newMenu, open, save, saveAs,
                saveTrace, new javafx.scene.control.SeparatorMenuItem(), exportPng, exportGif, lessonPdf, lessonGif);
        javafx.scene.control.MenuItem bigger = new javafx.scene.control.MenuItem("Zoom in");
        bigger.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+EQUALS"));
        bigger.setOnAction(e -> zoom(1));
        javafx.scene.control.MenuItem smaller = new javafx.scene.control.MenuItem("Zoom out");
        smaller.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+MINUS"));
        smaller.setOnAction(e -> zoom(-1));
        dark.setOnAction(e -> {
            applyTheme();
            actions.darkThemeChanged(dark.isSelected());
        });
        dark.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+D"));
        javafx.scene.control.MenuItem fullScreen = new javafx.scene.control.MenuItem("Full screen");
        fullScreen.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("F11"));
        fullScreen.setOnAction(e -> {
            if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage) {
                stage.setFullScreen(!stage.isFullScreen()); // for the lecture hall; Esc leaves it too
            }
        });
        projector.setOnAction(e -> applyTheme());
        javafx.scene.control.MenuItem present = new javafx.scene.control.MenuItem("Presentation mode (F5)");
        present.setOnAction(e -> presentation.enter());
        accuratePicture.setOnAction(e -> {
            setAccurateRingPicture(accuratePicture.isSelected());
            actions.ringPictureChanged(accuratePicture.isSelected());
        });
        javafx.scene.control.Menu viewMenu = new javafx.scene.control.Menu("View", null, bigger, smaller, fullScreen,
                present, new javafx.scene.control.SeparatorMenuItem(), dark, projector,
                new javafx.scene.control.SeparatorMenuItem(), accuratePicture);
        javafx.scene.control.Menu samples = new javafx.scene.control.Menu("Samples");
        for (Documents.Sample sample : Documents.samples()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(
                    sample.name() + (sample.description().isEmpty() ? "" : " — " + sample.description()));
            item.setOnAction(e -> actions.open(sample.path()));
            samples.getItems().add(item);
        }
        javafx.scene.control.Menu lessons = new javafx.scene.control.Menu("Lessons");
        lessons.setId("lessons-menu");
        for (Documents.Sample lesson : Documents.lessons()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(lesson.description());
            item.setOnAction(e -> actions.openLesson(lesson.path()));
            lessons.getItems().add(item);
        }
        javafx.scene.control.MenuItem compareItem = new javafx.scene.control.MenuItem("Compare techniques side by side…");
        compareItem.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+K"));
        compareItem.setOnAction(e -> actions.compare());
        javafx.scene.control.MenuItem compareHosts = new javafx.scene.control.MenuItem(
                "Compare hosts side by side (type 1, type 2, KVM)…");
        compareHosts.setOnAction(e -> actions.compareHosts());
        javafx.scene.control.MenuItem compareGuests = new javafx.scene.control.MenuItem(
                "Containers against VMs: two VMs beside two processes…");
        compareGuests.setId("compare-guests");
        compareGuests.setOnAction(e -> actions.compareGuests());
        javafx.scene.control.Menu compare = new javafx.scene.control.Menu("Compare", null, compareItem, compareHosts,
                compareGuests);
        return new javafx.scene.control.MenuBar(file, viewMenu, samples, lessons, compare);
    }

    /** File ▸ Export view as PNG: a width (as on screen, 1280, 1920, 3840), then where. */
    private void exportPngDialog() {
        java.util.List<String> widths = new java.util.ArrayList<>();
        for (int w : dev.ringscope.ui.present.ViewExport.WIDTHS) {
            widths.add(w == 0 ? "as on screen" : w + " pixels wide");
        }
        javafx.scene.control.ChoiceDialog<String> size = new javafx.scene.control.ChoiceDialog<>(widths.get(2), widths);
        size.setTitle("Export view as PNG");
        size.setHeaderText("How wide should the picture be? (the height keeps the window's proportions)");
        size.showAndWait().ifPresent(choice -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Export view as PNG");
            chooser.setInitialFileName("ringscope-view.png");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PNG image", "*.png"));
            java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                exportPng(f.toPath(), dev.ringscope.ui.present.ViewExport.WIDTHS[widths.indexOf(choice)]);
            }
        });
    }

    /** File ▸ Save trace: where, and in which form (compact or JSON Lines). */
    private void saveTraceDialog() {
        session.pause();
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save the run's events as a trace");
        javafx.stage.FileChooser.ExtensionFilter compact = new javafx.stage.FileChooser.ExtensionFilter(
                "Compact trace (*.rstrace)", "*.rstrace");
        javafx.stage.FileChooser.ExtensionFilter lines = new javafx.stage.FileChooser.ExtensionFilter(
                "JSON Lines, for jq (*.jsonl)", "*.jsonl");
        chooser.getExtensionFilters().addAll(compact, lines);
        java.nio.file.Path programFile = actions.programFile();
        String base = programFile == null || programFile.getFileName() == null ? "run"
                : programFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        chooser.setInitialFileName(base + ".rstrace");
        java.io.File chosen = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            java.nio.file.Path target = chosen.toPath();
            if (!target.getFileName().toString().contains(".")) { // no extension typed: the form chosen in the dialog
                target = target.resolveSibling(target.getFileName()
                        + (chooser.getSelectedExtensionFilter() == lines ? ".jsonl" : ".rstrace"));
            }
            saveTrace(target);
        }
    }

    /**
     * Writes the events of this run recorded so far to {@code target} in the background, with a progress
     * window and Cancel; a recorded trace keeps its header, a live run gets the one {@code run --trace}
     * writes for its setup.
     */
    javafx.concurrent.Task<java.nio.file.Path> saveTrace(java.nio.file.Path target) {
        session.pause();
        dev.ringscope.replay.Playback playback = session.playback();
        Trace trace = playback.trace();
        long events = trace.size();
        java.nio.file.Path programFile = actions.programFile();
        dev.ringscope.trace.TraceHeader header = playback.header().orElseGet(() -> TraceSaving.header(
                programFile == null || programFile.getFileName() == null ? "run" : programFile.getFileName().toString(),
                setup, playback.rings()));
        javafx.concurrent.Task<java.nio.file.Path> task = new javafx.concurrent.Task<>() {
            @Override
            protected java.nio.file.Path call() throws Exception {
                TraceSaving.write(trace, events, header, target, (done, of) -> {
                    updateProgress(done, of);
                    updateMessage(String.format("Writing %s: %,d of %,d events", target.getFileName(), done, of));
                    return !isCancelled();
                });
                return target;
            }
        };
        task.setOnSucceeded(e -> status.setText(String.format("Saved %,d events to %s", events, target)));
        dev.ringscope.ui.present.ExportDialogs.run(getScene() == null ? null : getScene().getWindow(),
                "Saving trace " + target.getFileName(), task, "Cancelled: nothing was written.", "The trace was not saved: ");
        return task;
    }

    /** File ▸ Export animation as GIF: a span of this run, from the instruction on screen, drawn off screen. */
    private void exportAnimationDialog() {
        session.pause();
        dev.ringscope.ui.present.ExportDialogs.animation(getScene() == null ? null : getScene().getWindow(),
                exportSource(), session.view().instructionsRetired(), (int) Math.round(getWidth()),
                (int) Math.round(getHeight()));
    }

    /** What an export of this window draws from: its program, its setup, its theme. */
    dev.ringscope.ui.present.Exports.Source exportSource() {
        return new dev.ringscope.ui.present.Exports.Source(actions.programFile(), setup, theme());
    }

    private void exportLesson(dev.ringscope.ui.present.Exports.LessonForm form) {
        dev.ringscope.lesson.ResolvedLesson lesson = actions.playingLesson();
        if (lesson != null) {
            dev.ringscope.ui.present.ExportDialogs.lesson(getScene() == null ? null : getScene().getWindow(), lesson,
                    form, theme());
        }
    }

    /** Writes the window as it is now, {@code width} pixels wide (0: as on screen); a failure is said, not thrown. */
    boolean exportPng(java.nio.file.Path file, int width) {
        try {
            dev.ringscope.ui.present.ViewExport.writePng(dev.ringscope.ui.present.ViewExport.picture(this, width), file);
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                    "Could not write '" + file + "': " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            a.setHeaderText("The picture was not saved");
            a.show();
            return false;
        }
    }

    /** Technique, ISA, cost preset and VMCS controls: changing one runs the program again from the start. */
    private ToolBar setupBar(String title) {
        javafx.scene.control.ComboBox<Technique> technique = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(Technique.values()));
        technique.setId("technique");
        technique.setValue(setup.technique());
        technique.setConverter(TECHNIQUE_TITLES);
        technique.setOnAction(e -> actions.setupChanged(setup.withTechnique(technique.getValue())));
        javafx.scene.control.ComboBox<String> isa = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList("x86", "strict"));
        isa.setId("isa");
        isa.setValue(setup.strictIsa() ? "strict" : "x86");
        isa.setOnAction(e -> actions.setupChanged(setup.withStrictIsa("strict".equals(isa.getValue()))));
        javafx.scene.control.ComboBox<String> cost = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList("2006", "modern"));
        cost.setId("cost");
        cost.setValue(setup.cost().name());
        cost.setOnAction(e -> actions.setupChanged(setup.withCost(CostModel.parse(cost.getValue()))));
        javafx.scene.control.ComboBox<HostType> host = hostChoice();
        Button vmcs = new Button("VMCS controls…");
        vmcs.setId("vmcs");
        vmcs.setDisable(setup.technique() != Technique.HARDWARE_ASSISTED);
        vmcs.setOnAction(e -> new VmcsDialog(setup.controls()).showAndWait()
                .ifPresent(c -> actions.setupChanged(setup.withControls(c))));
        if (!session.playback().isLive()) {
            // a recorded trace replays as it was recorded: nothing to run again
            for (javafx.scene.Node n : new javafx.scene.Node[] {technique, host, isa, cost, vmcs}) {
                n.setDisable(true);
            }
        }
        Label name = new Label(title);
        name.getStyleClass().add("program-name");
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        ToolBar bar = new ToolBar(new Label("technique"), technique, new Label("host"), host, new Label("ISA"), isa,
                new Label("costs"), cost, vmcs, grow, name);
        bar.getStyleClass().add("setup-bar");
        return bar;
    }

    /**
     * Where VM exits go: the hosts the technique runs on can be chosen; the others are greyed, and
     * the tooltip says why (HostType#refusal). A technique only type 1 runs leaves the choice disabled.
     */
    private javafx.scene.control.ComboBox<HostType> hostChoice() {
        javafx.scene.control.ComboBox<HostType> host = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(HostType.values()));
        host.setId("host");
        host.setValue(setup.host());
        javafx.util.Callback<javafx.scene.control.ListView<HostType>, javafx.scene.control.ListCell<HostType>> cells =
                list -> new javafx.scene.control.ListCell<>() {
                    @Override
                    protected void updateItem(HostType h, boolean empty) {
                        super.updateItem(h, empty);
                        setText(empty || h == null ? null : h.title());
                        setDisable(h != null && !h.allows(setup.technique()));
                        setTooltip(empty || h == null ? null : new javafx.scene.control.Tooltip(
                                h.allows(setup.technique()) ? h.summary() : h.refusal(setup.technique())));
                    }
                };
        host.setCellFactory(cells);
        host.setButtonCell(cells.call(null));
        java.util.List<String> refused = java.util.Arrays.stream(HostType.values())
                .filter(h -> !h.allows(setup.technique())).map(h -> h.refusal(setup.technique())).toList();
        host.setDisable(refused.size() == HostType.values().length - 1);
        host.setTooltip(new javafx.scene.control.Tooltip(refused.isEmpty() ? setup.host().summary()
                : setup.host().summary() + "\n" + String.join("\n", refused)));
        host.setOnAction(e -> {
            if (host.getValue() != null && host.getValue() != setup.host() && host.getValue().allows(setup.technique())) {
                actions.setupChanged(setup.withHost(host.getValue()));
            }
        });
        return host;
    }

    private ToolBar toolbar() {
        Button home = new Button("Start");
        home.setOnAction(e -> session.home());
        Button back = new Button("Step back");
        back.setOnAction(e -> session.stepBack());
        Button step = new Button("Step");
        step.setId("step");
        step.setOnAction(e -> session.step());
        Button over = new Button("Step over");
        over.setOnAction(e -> session.stepOver());
        play.setId("play");
        play.setOnAction(e -> session.togglePlay());
        Slider speed = new Slider(0, 5, Math.log10(session.speedProperty().get()));
        speed.setPrefWidth(140);
        speed.valueProperty().addListener((o, a, b) -> session.speedProperty().set(Math.pow(10, b.doubleValue())));
        Label speedLabel = new Label("speed");
        // debugger-style mode breakpoints: stop playing when execution changes ring, or on a VM exit
        ToggleButton breakRing = new ToggleButton("Break on ring change");
        breakRing.setOnAction(e -> toggleBreakpoint(dev.ringscope.replay.Breakpoint.onRingChange(), breakRing.isSelected()));
        ToggleButton breakExit = new ToggleButton("Break on VM exit");
        breakExit.setOnAction(e -> toggleBreakpoint(
                dev.ringscope.replay.Breakpoint.on(dev.ringscope.trace.EventKind.VM_EXIT), breakExit.isSelected()));
        javafx.scene.control.ComboBox<dev.ringscope.trace.EventKind> kinds = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(dev.ringscope.trace.EventKind.RING_TRANSITION,
                        dev.ringscope.trace.EventKind.SYSTEM_CALL, dev.ringscope.trace.EventKind.EXCEPTION_RAISED,
                        dev.ringscope.trace.EventKind.INTERRUPT_DELIVERED, dev.ringscope.trace.EventKind.IO_ACCESS,
                        dev.ringscope.trace.EventKind.VM_EXIT, dev.ringscope.trace.EventKind.HYPERCALL,
                        dev.ringscope.trace.EventKind.EMULATED_INSTRUCTION, dev.ringscope.trace.EventKind.BLOCK_TRANSLATED,
                        dev.ringscope.trace.EventKind.VIRTUALIZATION_HOLE));
        kinds.getSelectionModel().select(dev.ringscope.trace.EventKind.SYSTEM_CALL);
        kinds.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(dev.ringscope.trace.EventKind k) {
                return k == null ? "" : k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }

            @Override
            public dev.ringscope.trace.EventKind fromString(String s) {
                return dev.ringscope.trace.EventKind.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace(' ', '_'));
            }
        });
        Button next = new Button("Next");
        next.setId("next-event");
        next.setOnAction(e -> session.stepToNext(kinds.getValue()));
        return new ToolBar(home, back, step, over, play, new Separator(), kinds, next,
                new Separator(), speedLabel, speed, new Separator(), breakRing, breakExit, breakAt, breakAtSaid);
    }

    /** "Break at": a function's or label's name ({@code sha256_final}) or an address; Enter sets the breakpoint. */
    private final javafx.scene.control.TextField breakAt = new javafx.scene.control.TextField();
    private final Label breakAtSaid = new Label();

    {
        breakAt.setId("break-at");
        breakAt.setPromptText("break at function or address");
        breakAt.setPrefColumnCount(16);
        breakAtSaid.getStyleClass().add("break-at-said");
        breakAt.setOnAction(e -> breakAt(breakAt.getText()));
    }

    /** Sets a breakpoint where {@code nameOrAddress} says, and says where (or why not) beside the field. */
    String breakAt(String nameOrAddress) {
        try {
            long address = symbols.resolve(nameOrAddress);
            session.playback().addBreakpoint(dev.ringscope.replay.Breakpoint.at((int) address));
            session.moved(); // the code view's gutter shows the new dot
            breakAtSaid.setText("breakpoint at " + symbols.describe(address));
        } catch (IllegalArgumentException ex) {
            breakAtSaid.setText(ex.getMessage());
        }
        return breakAtSaid.getText();
    }

    /** Keyboard control, once the window has a scene (a filter, so buttons and sliders don't take the keys). */
    void installKeys(Scene scene) {
        presentation.installKeys(scene); // first: while presenting, the clicker keys are the presentation's
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            // handlers on one node all run even after one consumes: the presentation's keys are not ours too
            if (scene.getRoot() == this && !e.isConsumed() && !presentation.isPresenting() && handleKey(e.getCode())) {
                e.consume();
            }
        });
        applyTheme();
    }

    private void toggleBreakpoint(dev.ringscope.replay.Breakpoint b, boolean on) {
        if (on) {
            session.playback().addBreakpoint(b);
        } else {
            session.playback().removeBreakpoint(b);
        }
    }

    /** Zoom steps, each a CSS class (zoom-80 … zoom-300) that sets the font size in assets/css. */
    private static final int[] ZOOMS = {80, 100, 125, 150, 200, 250, 300};
    private int zoomStep = 1;

    /** Scales every view's text and drawing (projectors, 4K screens): +1 larger, -1 smaller. */
    void zoom(int direction) {
        getStyleClass().remove("zoom-" + ZOOMS[zoomStep]);
        zoomStep = Math.max(0, Math.min(ZOOMS.length - 1, zoomStep + direction));
        getStyleClass().add("zoom-" + ZOOMS[zoomStep]);
        rings.setScale(ZOOMS[zoomStep] / 100.0);
        presentation.setZoom(ZOOMS[zoomStep] / 100.0);
        actions.zoomChanged(ZOOMS[zoomStep]);
    }

    /** Back to a remembered zoom (the nearest step). */
    void setZoomPercent(int percent) {
        int best = 1;
        for (int i = 0; i < ZOOMS.length; i++) {
            if (Math.abs(ZOOMS[i] - percent) < Math.abs(ZOOMS[best] - percent)) {
                best = i;
            }
        }
        zoom(best - zoomStep);
    }

    int zoomPercent() {
        return ZOOMS[zoomStep];
    }

    /** A lesson's keys (PageDown, PageUp, votes), asked first; none outside a lesson. */
    private java.util.function.Predicate<KeyCode> lessonKeys = code -> false;

    void useLessonKeys(java.util.function.Predicate<KeyCode> keys) {
        lessonKeys = keys;
    }

    private boolean handleKey(KeyCode code) {
        if (lessonKeys.test(code)) {
            return true;
        }
        switch (code) {
            case SPACE -> session.togglePlay();
            case RIGHT -> session.step();
            case LEFT -> session.stepBack();
            case HOME -> session.home();
            default -> {
                return false;
            }
        }
        return true;
    }

    Session session() {
        return session;
    }

    void useDarkTheme(boolean on) {
        dark.setSelected(on);
        applyTheme();
    }

    void useTheme(Themes.Theme theme) {
        dark.setSelected(theme == Themes.Theme.DARK);
        projector.setSelected(theme == Themes.Theme.PROJECTOR);
        applyTheme();
    }

    /** The projector theme wins over dark when both are ticked. */
    Themes.Theme theme() {
        return projector.isSelected() ? Themes.Theme.PROJECTOR : dark.isSelected() ? Themes.Theme.DARK : Themes.Theme.LIGHT;
    }

    private void applyTheme() {
        Scene scene = getScene();
        if (scene == null) {
            return;
        }
        scene.getStylesheets().setAll(Themes.stylesheets(theme()));
        Palette palette = Palette.of(theme());
        rings.setPalette(palette);
        presentRings.setPalette(palette);
        timeline.setPalette(palette);
    }

    /** Every view the window shows a position in, by name; each is shown through {@link ViewFailures}. */
    private final java.util.LinkedHashMap<String, java.util.function.Consumer<MachineView>> views =
            new java.util.LinkedHashMap<>();

    private void registerViews() {
        views.put("rings", rings::show);
        views.put("registers", registers::show);
        views.put("narration", narration::show);
        views.put("console", console::show);
        views.put("code", code::show);
        views.put("timeline", timeline::show);
        views.put("event log", log::show);
        views.put("VMM and memory tabs", this::showTabs);
        views.put("status bar", v -> status.setText(statusText(v)));
        views.put("presentation", v -> {
            presentRings.show(v);
            presentation.show(v);
        });
    }

    /**
     * Puts the program editor in a tab of this window (it moves from window to window as runs replace each
     * other, with its text and undo history), marks the line of the instruction on screen in it, and lets a
     * click on a line of the code view show that line in the editor.
     */
    void adoptEditor(dev.ringscope.ui.editor.ProgramEditor programEditor, java.nio.file.Path file, boolean select) {
        editor = programEditor;
        edited = file;
        if (editorTab == null) {
            editorTab = new javafx.scene.control.Tab("Editor");
            editorTab.setId("editor-tab");
            below.getTabs().add(editorTab);
            // the editor wants lines, not a strip: its tab takes the window's lower half while in front
            editorTab.setOnSelectionChanged(e -> {
                double at = body.getDividerPositions()[0];
                if (editorTab.isSelected() && at > EDITOR_DIVIDER) {
                    dividerBeforeEditor = at;
                    body.setDividerPositions(EDITOR_DIVIDER);
                } else if (!editorTab.isSelected() && dividerBeforeEditor > 0) {
                    body.setDividerPositions(dividerBeforeEditor);
                    dividerBeforeEditor = 0;
                }
            });
            code.listView().addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> showInEditor(code.currentSelection()));
        }
        editorTab.setContent(programEditor);
        if (select) {
            below.getSelectionModel().select(editorTab);
        }
        addView("editor", this::markEditorLine);
    }

    /** The assembled program on screen, or null (an image, an ELF's disassembly, a trace). */
    dev.ringscope.asm.Program codeProgram() {
        return program;
    }

    /** Whether the editor's tab is in front. */
    boolean isEditorSelected() {
        return editorTab != null && editorTab.isSelected();
    }

    /** Brings the editor's tab to the front (when there is one). */
    void selectEditor() {
        if (editorTab != null) {
            below.getSelectionModel().select(editorTab);
        }
    }

    /** Where the rings|lower divider goes while the editor is in front, and where it was before. */
    private static final double EDITOR_DIVIDER = 0.42;
    private double dividerBeforeEditor;

    /** The editor in this window, or null. */
    dev.ringscope.ui.editor.ProgramEditor editor() {
        return editor;
    }

    /** The line of the edited file that the instruction on screen came from (a macro's: the line that called it). */
    int editorLineOf(MachineView view) {
        if (program == null || edited == null || view.current() == null) {
            return 0;
        }
        dev.ringscope.asm.Program.SourceMapEntry entry = program.lineAt(Integer.toUnsignedLong(view.current().eip()));
        if (entry == null) {
            return 0;
        }
        java.util.List<dev.ringscope.asm.SourcePos> places = new java.util.ArrayList<>();
        places.add(entry.pos());
        places.addAll(entry.expandedFrom());
        java.nio.file.Path target = edited.toAbsolutePath().normalize();
        for (dev.ringscope.asm.SourcePos pos : places) {
            try {
                if (pos != null && java.nio.file.Path.of(pos.file()).toAbsolutePath().normalize().equals(target)) {
                    return pos.line();
                }
            } catch (java.nio.file.InvalidPathException notAFile) {
                // a macro's built-in name: not a line of the file
            }
        }
        return 0;
    }

    private void markEditorLine(MachineView view) {
        if (editor != null) {
            editor.markLine(editorLineOf(view));
        }
    }

    /** A row of the code view from the edited file: the editor shows its line. */
    private void showInEditor(CodeLine row) {
        if (editor == null || row == null || row.location().isEmpty() || edited == null) {
            return;
        }
        int colon = row.location().lastIndexOf(':');
        String name = row.location().substring(0, Math.max(0, colon));
        if (colon < 0 || !name.equals(String.valueOf(edited.getFileName()))) {
            return;
        }
        try {
            int line = Integer.parseInt(row.location().substring(colon + 1));
            below.getSelectionModel().select(editorTab);
            editor.goTo(line, 1);
        } catch (NumberFormatException notALine) {
            // a location without a line number shows nothing
        }
    }

    /** Adds a view shown at every position after the others (a lesson overlay; tests inject failing ones). */
    void addView(String name, java.util.function.Consumer<MachineView> view) {
        views.put(name, view);
        failures.show(name, session.view(), view);
    }

    static String statusText(MachineView view) {
        return String.format("instruction %,d   cycle %,d   ring %d (%s)%s", view.instructionsRetired(), view.cycle(),
                view.ring(), view.currentParty().label(), view.ended() ? "   — run ended" : "");
    }

    private void show(MachineView view) {
        for (java.util.Map.Entry<String, java.util.function.Consumer<MachineView>> v : views.entrySet()) {
            failures.show(v.getKey(), view, v.getValue());
        }
    }

    ViewFailures failures() {
        return failures;
    }

    String statusLine() {
        return status.getText();
    }

    /** Where the dividers are: rings|code, code|side, top|bottom (fractions of the window). */
    double[] dividers() {
        double[] m = middle.getDividerPositions();
        return new double[] {m[0], m[1], body.getDividerPositions()[0]};
    }

    /**
     * Puts the dividers back where the user left them (remembered between runs). Under a VMM the
     * side keeps at least a third of the width: it shows two CPUs.
     */
    void applyLayout(double[] dividers) {
        if (dividers == null || dividers.length != 3) {
            return;
        }
        double codeEnd = dividers[1];
        double ringsEnd = dividers[0];
        if (setup.technique() != Technique.NATIVE && codeEnd > 0.66) {
            ringsEnd = Math.max(0.2, ringsEnd - (codeEnd - 0.66));
            codeEnd = 0.66;
        }
        middle.setDividerPositions(ringsEnd, codeEnd);
        body.setDividerPositions(dividers[2]);
    }

    private void showTabs(MachineView view) {
        if (vmmTab.isSelected()) {
            vmm.show(view);
        }
        if (memoryTab.isSelected()) {
            memory.show(view);
        }
    }

    /** Marks rings and the newest crossing in the window's ring view and in the projector's (a lesson step's). */
    void highlightRings(java.util.Set<Integer> ringsMarked, boolean crossing) {
        rings.setHighlights(ringsMarked, crossing);
        presentRings.setHighlights(ringsMarked, crossing);
    }

    /** Brings the VMM tab to the front (a lesson step points at the VMCS). */
    void showVmmTab() {
        vmmTab.getTabPane().getSelectionModel().select(vmmTab);
    }

    /**
     * The ring picture in both ring views: the accurate one (root and non-root, each with rings 0–3)
     * or the simplified one (ring −1 below ring 0). The View menu's toggle and a lesson step choose it.
     */
    void setAccurateRingPicture(boolean on) {
        accuratePicture.setSelected(on);
        rings.setAccuratePicture(on);
        presentRings.setAccuratePicture(on);
    }

    boolean accurateRingPicture() {
        return accuratePicture.isSelected();
    }

    RingView ringView() {
        return rings;
    }

    TimelineView timeline() {
        return timeline;
    }

    RegisterPanel registerPanel() {
        return registers;
    }

    EventLogView eventLog() {
        return log;
    }

    CodeView codeView() {
        return code;
    }

    VmmPanel vmmPanel() {
        return vmm;
    }

    RunSetup setup() {
        return setup;
    }

    /** Presentation mode (F5), and the hooks a lesson player plugs into. */
    dev.ringscope.ui.present.Presentation presentation() {
        return presentation;
    }

    NarrationView narrationView() {
        return narration;
    }
}
