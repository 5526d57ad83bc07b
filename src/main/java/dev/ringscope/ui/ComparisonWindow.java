package dev.ringscope.ui;

import dev.ringscope.replay.Lockstep;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.Comparison;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.GuestRun;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import dev.ringscope.vmm.VmmStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.animation.AnimationTimer;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The same guest under two to four techniques side by side (issue: comparison). The panes move in
 * lockstep — the same guest instruction in every pane, or the same simulated time — and stop where
 * a technique departs from native. Below, the whole run's cost per technique as a table and charts,
 * with the numbers the {@code compare} command prints; a bar, clicked, moves its pane to the next
 * event of its kind.
 */
final class ComparisonWindow extends BorderPane {

    /** One pane's choice: a technique, its instruction-set rules, and where its VM exits go (docs/hypervisor-types.md). */
    record PaneSpec(Technique technique, boolean strictIsa, dev.ringscope.vmm.HostType host) {
        PaneSpec(Technique technique, boolean strictIsa) {
            this(technique, strictIsa, dev.ringscope.vmm.HostType.TYPE1);
        }

        String label() {
            return technique.title() + (strictIsa ? " (strict ISA)" : "")
                    + (host == dev.ringscope.vmm.HostType.TYPE1 ? "" : " on " + host.title());
        }

        RunSetup setup(CostModel preset) {
            return RunSetup.of(technique, strictIsa, preset).withHost(host);
        }
    }

    static final List<PaneSpec> DEFAULT = List.of(new PaneSpec(Technique.NATIVE, false),
            new PaneSpec(Technique.TRAP_EMULATE, true), new PaneSpec(Technique.BINARY_TRANSLATION, false),
            new PaneSpec(Technique.HARDWARE_ASSISTED, false));

    /** The same guest under hardware assist on each host: where each VM exit goes, and what it costs. */
    static final List<PaneSpec> HOSTS = List.of(new PaneSpec(Technique.NATIVE, false),
            new PaneSpec(Technique.HARDWARE_ASSISTED, false, dev.ringscope.vmm.HostType.TYPE1),
            new PaneSpec(Technique.HARDWARE_ASSISTED, false, dev.ringscope.vmm.HostType.TYPE2),
            new PaneSpec(Technique.HARDWARE_ASSISTED, false, dev.ringscope.vmm.HostType.KVM));

    /** The most instructions one frame may run in every pane while playing (keeps frames short). */
    static final long FRAME_BUDGET = 5_000;
    /** A frame's work should stay well inside a 60 Hz frame; the budget adapts to what this machine manages. */
    static final double FRAME_TARGET_MS = 12;

    private final Comparison.Guest guest;
    private final String program;
    private final List<ComboBox<Object>> choosers = new ArrayList<>();
    private final ComboBox<String> cost = new ComboBox<>(FXCollections.observableArrayList("2006", "modern"));
    private final ComboBox<Lockstep.Mode> align = new ComboBox<>(FXCollections.observableArrayList(Lockstep.Mode.values()));
    private final Button play = new Button("Play");
    private final GridPane grid = new GridPane();
    private final Label message = new Label();
    private final TableView<GuestRun> table = new TableView<>();
    private final StackedBarChart<String, Number> categories = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final BarChart<String, Number> overhead = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final List<ComparePane> panes = new ArrayList<>();
    private List<PaneSpec> specs;
    private Lockstep lockstep;
    private List<GuestRun> summary = List.of();
    private volatile long summaryGeneration;
    private CompletableFuture<List<GuestRun>> summaryReady = new CompletableFuture<>();
    private final AnimationTimer timer;
    private final Executor summaries;
    private boolean dark;
    /** The longest frame while playing, in milliseconds (the window must never stall). */
    private double longestFrameMs;
    /** Instructions per pane per frame now: starts small (a cold JIT is slow) and adapts to the frame target. */
    private long budget = 200;

    /** Where the whole-run summary is worked out: a thread of its own, off the JavaFX thread. */
    static final Executor OWN_THREAD = task -> {
        Thread worker = new Thread(task, "comparison summary");
        worker.setDaemon(true);
        worker.start();
    };

    ComparisonWindow(String program, Comparison.Guest guest, List<PaneSpec> initial, CostModel preset) {
        this(program, guest, initial, preset, OWN_THREAD);
    }

    /** As above, with the summary handed to {@code summaries} (a test holds it there to look at the window meanwhile). */
    ComparisonWindow(String program, Comparison.Guest guest, List<PaneSpec> initial, CostModel preset, Executor summaries) {
        this.program = program;
        this.guest = guest;
        this.summaries = summaries;
        getStyleClass().addAll("comparison-window", "zoom-100");
        cost.setValue(preset.name());
        setTop(toolbars(initial));
        grid.getStyleClass().add("comparison-grid");
        message.getStyleClass().add("comparison-message");
        message.setWrapText(true);
        VBox top = new VBox(grid, message);
        VBox.setVgrow(grid, Priority.ALWAYS);
        SplitPane split = new SplitPane(top, summaryTabs());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.74);
        setCenter(split);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frame();
            }
        };
        rebuild(initial);
    }

    // ---------------------------------------------------------------- controls

    /** Two rows, so that both fit at 1280 pixels: what runs in each pane, then how to move them. */
    private VBox toolbars(List<PaneSpec> initial) {
        List<Node> items = new ArrayList<>();
        Label name = new Label(program);
        name.getStyleClass().add("program-name");
        items.add(name);
        items.add(new Separator());
        for (int i = 0; i < 4; i++) {
            ComboBox<Object> c = new ComboBox<>();
            c.setPrefWidth(205);
            c.getItems().add("—");
            for (Technique t : Technique.values()) {
                c.getItems().add(new PaneSpec(t, false));
                if (t == Technique.TRAP_EMULATE) {
                    c.getItems().add(new PaneSpec(t, true));
                }
                for (dev.ringscope.vmm.HostType h : dev.ringscope.vmm.HostType.values()) {
                    if (h != dev.ringscope.vmm.HostType.TYPE1 && h.allows(t)) {
                        c.getItems().add(new PaneSpec(t, false, h));
                    }
                }
            }
            c.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(Object o) {
                    return o instanceof PaneSpec s ? s.label() : "—";
                }

                @Override
                public Object fromString(String s) {
                    return null;
                }
            });
            c.setValue(i < initial.size() ? initial.get(i) : "—");
            c.setId("pane-" + i);
            c.setOnAction(e -> rebuild(chosen()));
            choosers.add(c);
            items.add(c);
        }
        cost.setId("compare-cost");
        cost.setOnAction(e -> rebuild(chosen()));
        Button home = new Button("Start");
        home.setOnAction(e -> {
            pause();
            lockstep.home();
            message.setText("");
            show();
        });
        Button step = new Button("Step");
        step.setId("compare-step");
        step.setOnAction(e -> step());
        play.setId("compare-play");
        play.setOnAction(e -> togglePlay());
        align.setId("compare-align");
        align.setValue(Lockstep.Mode.MILESTONES);
        align.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Lockstep.Mode m) {
                return m == null ? "" : switch (m) {
                    case MILESTONES -> "by system calls";
                    case INSTRUCTIONS -> "by instruction count";
                    case CYCLES -> "by cycles";
                };
            }

            @Override
            public Lockstep.Mode fromString(String s) {
                return null;
            }
        });
        align.setOnAction(e -> {
            lockstep.setMode(align.getValue());
            show();
        });
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> exportDialog("CSV", "*.csv", this::exportCsv));
        Button png = new Button("Export charts…");
        png.setOnAction(e -> exportDialog("PNG image", "*.png", this::exportCharts));
        items.addAll(List.of(new Separator(), new Label("costs"), cost));
        ToolBar moves = new ToolBar(home, step, play, new Label("align"), align, new Separator(), csv, png);
        return new VBox(new ToolBar(items.toArray(new Node[0])), moves);
    }

    private List<PaneSpec> chosen() {
        List<PaneSpec> out = new ArrayList<>();
        for (ComboBox<Object> c : choosers) {
            if (c.getValue() instanceof PaneSpec s) {
                out.add(s);
            }
        }
        return out;
    }

    /** New runs for the chosen panes and preset (from the start); the whole-run summary is worked out meanwhile. */
    private void rebuild(List<PaneSpec> chosen) {
        pause();
        if (chosen.isEmpty()) {
            message.setText("Choose at least one technique.");
            return;
        }
        CostModel preset = CostModel.parse(cost.getValue());
        List<Playback> runs = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        int reference = -1;
        try {
            for (PaneSpec s : chosen) {
                if (reference < 0 && s.technique() == Technique.NATIVE) {
                    reference = runs.size();
                }
                byte[] image = guest.image(s.technique());
                images.add(image);
                runs.add(Playback.live(s.setup(preset).boot(image)));
            }
        } catch (Exception e) {
            message.setText("The guest cannot run: " + e.getMessage());
            return;
        }
        specs = List.copyOf(chosen);
        lockstep = new Lockstep(runs, reference);
        lockstep.setMode(align.getValue());
        grid.getChildren().clear();
        panes.clear();
        for (int i = 0; i < chosen.size(); i++) {
            ComparePane pane = new ComparePane(chosen.get(i));
            pane.rings.setPalette(dark ? Palette.dark() : Palette.light());
            panes.add(pane);
            grid.add(pane, i % 2, i / 2);
            GridPane.setHgrow(pane, Priority.ALWAYS);
            GridPane.setVgrow(pane, Priority.ALWAYS);
        }
        message.setText(reference < 0 ? "No native pane: divergence is not checked." : "");
        summary = List.of();
        fillSummary();
        summarizeInBackground(List.copyOf(chosen), images, preset);
        show();
    }

    /**
     * Runs each pane's guest to its end (as {@code compare} does: up to 100 M instructions) off the JavaFX
     * thread, so a long or endless guest never freezes the window; the table and charts fill when done.
     * A newer rebuild makes an older summary moot.
     */
    private void summarizeInBackground(List<PaneSpec> chosen, List<byte[]> images, CostModel preset) {
        long generation = ++summaryGeneration;
        CompletableFuture<List<GuestRun>> ready = new CompletableFuture<>();
        summaryReady = ready;
        summaries.execute(() -> {
            try {
                List<GuestRun> runs = new ArrayList<>();
                for (int i = 0; i < chosen.size(); i++) {
                    PaneSpec s = chosen.get(i);
                    GuestRun r = Comparison.runOne(images.get(i), s.setup(preset), 100_000_000,
                            () -> generation == summaryGeneration);
                    if (r == null) {
                        return; // a newer choice, or the window closed
                    }
                    runs.add(r);
                }
                javafx.application.Platform.runLater(() -> {
                    if (generation == summaryGeneration) {
                        summary = runs;
                        fillSummary();
                    }
                    ready.complete(runs);
                });
            } catch (Exception e) {
                javafx.application.Platform.runLater(() -> message.setText("The summary could not be made: " + e.getMessage()));
                ready.completeExceptionally(e);
            }
        });
    }

    /** The window closes: stop playing, and call off a summary still being worked out. */
    void dispose() {
        pause();
        summaryGeneration++;
    }

    /** Completes (on the JavaFX thread, after the table and charts are filled) when the summary is there. */
    CompletableFuture<List<GuestRun>> summaryReady() {
        return summaryReady;
    }

    void step() {
        pause();
        Optional<Lockstep.Divergence> d = lockstep.step(10_000);
        show();
        d.ifPresent(this::diverged);
    }

    void togglePlay() {
        if (timer == null) {
            return;
        }
        if ("Pause".equals(play.getText())) {
            pause();
        } else {
            play.setText("Pause");
            longestFrameMs = 0;
            budget = Math.min(budget, 200);
            timer.start();
        }
    }

    void pause() {
        if (timer != null) {
            timer.stop();
        }
        play.setText("Play");
    }

    /** One frame of playing: a bounded move in every pane, then the picture. */
    void frame() {
        long t0 = System.nanoTime();
        Optional<Lockstep.Divergence> d = lockstep.mode() == Lockstep.Mode.CYCLES ? lockstep.step(budget * 20)
                : lockstep.advance(budget);
        show();
        double ms = (System.nanoTime() - t0) / 1e6;
        longestFrameMs = Math.max(longestFrameMs, ms);
        if (ms > FRAME_TARGET_MS) {
            budget = Math.max(20, budget / 2);
        } else if (ms < FRAME_TARGET_MS / 2) {
            budget = Math.min(FRAME_BUDGET, budget + budget / 2 + 1);
        }
        if (d.isPresent()) {
            pause();
            diverged(d.get());
        } else if (lockstep.views().stream().allMatch(MachineView::ended)) {
            pause();
            message.setText("Every run has ended.");
        }
    }

    /** Moves every pane on by {@code n} guest instructions (stopping at a divergence, which is then shown). */
    void advance(long n) {
        pause();
        Optional<Lockstep.Divergence> d = lockstep.advance(n);
        show();
        d.ifPresent(this::diverged);
    }

    double longestFrameMs() {
        return longestFrameMs;
    }

    private void diverged(Lockstep.Divergence d) {
        panes.get(d.pane()).markDivergence(d.what());
        message.setText(specs.get(d.pane()).label() + " departs from native at guest instruction "
                + String.format(Locale.ROOT, "%,d", d.instruction()) + ": " + d.what());
    }

    private void show() {
        List<MachineView> views = lockstep.views();
        for (int i = 0; i < panes.size(); i++) {
            panes.get(i).show(views.get(i), lockstep.mode() == Lockstep.Mode.MILESTONES ? lockstep.sinceMilestone(i) : null);
        }
    }

    /** What pane {@code i} says of its current instruction ("not started", or the address, text and ring). */
    String paneText(int i) {
        return panes.get(i).instructionText();
    }

    /** What pane {@code i} says of its milestone ("at system call 3: …"), empty unless aligned by milestones. */
    String milestoneText(int i) {
        return panes.get(i).milestoneText();
    }

    /** Aligns the panes another way (what the "align" chooser does). */
    void align(Lockstep.Mode mode) {
        align.setValue(mode);
        lockstep.setMode(mode);
        show();
    }

    /** The rings drawn in the theme's colours (the stylesheets do the rest). */
    void useDarkTheme(boolean on) {
        dark = on;
        panes.forEach(p -> p.rings.setPalette(on ? Palette.dark() : Palette.light()));
    }

    Lockstep lockstep() {
        return lockstep;
    }

    String message() {
        return message.getText();
    }

    List<GuestRun> summary() {
        return summary;
    }

    StackedBarChart<String, Number> categoriesChart() {
        return categories;
    }

    // ---------------------------------------------------------------- the summary: table and charts

    private TabPane tabs;

    /**
     * Marks rows of the comparison a lesson step talks about: the summary's columns of those numbers (the
     * columns {@code ringscope compare} prints), with the summary tab brought to the front.
     */
    void highlight(Set<dev.ringscope.lesson.ComparisonRowName> rows) {
        for (TableColumn<GuestRun, ?> c : table.getColumns()) {
            c.getStyleClass().remove("lesson-highlight");
        }
        for (dev.ringscope.lesson.ComparisonRowName row : rows) {
            table.getColumns().get(row.ordinal() + 1).getStyleClass().add("lesson-highlight");
        }
        if (!rows.isEmpty()) {
            tabs.getSelectionModel().select(0);
        }
    }

    /** The titles of the summary's columns that carry the lesson mark. */
    List<String> highlightedColumns() {
        return table.getColumns().stream().filter(c -> c.getStyleClass().contains("lesson-highlight"))
                .map(TableColumn::getText).toList();
    }

    private TabPane summaryTabs() {
        table.getColumns().setAll(List.of(
                column("technique", r -> label(r)),
                column("cycles", r -> String.format(Locale.ROOT, "%,d", r.cycles())),
                column("overhead", r -> String.format(Locale.ROOT, "%.2fx", r.overhead(nativeRun()))),
                column("transitions", r -> String.format(Locale.ROOT, "%,d", r.counters().ringTransitions())),
                column("traps", r -> String.format(Locale.ROOT, "%,d", r.stats().traps())),
                column("VM exits", r -> String.format(Locale.ROOT, "%,d", r.stats().exitCount())),
                column("hypercalls", r -> String.format(Locale.ROOT, "%,d", r.stats().hypercallCount())),
                column("translations", r -> String.format(Locale.ROOT, "%,d", r.stats().translatedBlocks())),
                column("holes", r -> String.format(Locale.ROOT, "%,d", r.stats().holes())),
                column("output", r -> nativeRun() == null ? "" : r.sameOutputAs(nativeRun()) ? "= native" : "differs"),
                column("exits by reason", r -> r.stats().exitsByReason().toString())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        categories.setTitle("cycles by category");
        categories.setAnimated(false);
        overhead.setTitle("cycles relative to native");
        overhead.setAnimated(false);
        overhead.setLegendVisible(false);
        HBox charts = new HBox(categories, overhead);
        HBox.setHgrow(categories, Priority.ALWAYS);
        HBox.setHgrow(overhead, Priority.ALWAYS);
        charts.setId("comparison-charts");
        tabs = new TabPane(new Tab("Summary", table), new Tab("Charts", charts));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(1);
        return tabs;
    }

    private String label(GuestRun r) {
        int i = summary.indexOf(r);
        return i >= 0 && i < specs.size() ? specs.get(i).label() : r.technique().title();
    }

    private GuestRun nativeRun() {
        return summary.stream().filter(r -> r.technique() == Technique.NATIVE).findFirst().orElse(null);
    }

    private static TableColumn<GuestRun, String> column(String title, java.util.function.Function<GuestRun, String> f) {
        TableColumn<GuestRun, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }

    private void fillSummary() {
        table.getItems().setAll(summary);
        categories.getData().clear();
        overhead.getData().clear();
        XYChart.Series<String, Number> relative = new XYChart.Series<>();
        for (VmmStats.Category c : VmmStats.Category.values()) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(c.label());
            for (GuestRun r : summary) {
                s.getData().add(new XYChart.Data<>(label(r), r.stats().cyclesByCategory(r.cycles()).get(c.label())));
            }
            categories.getData().add(s);
        }
        GuestRun n = nativeRun();
        for (GuestRun r : summary) {
            relative.getData().add(new XYChart.Data<>(label(r), n == null ? 0 : r.overhead(n)));
        }
        overhead.getData().add(relative);
        // a bar, clicked: its pane moves to the next event of that category
        for (XYChart.Series<String, Number> s : categories.getData()) {
            for (XYChart.Data<String, Number> d : s.getData()) {
                Node node = d.getNode();
                if (node != null) {
                    node.setOnMouseClicked(e -> jump(d.getXValue(), s.getName()));
                    javafx.scene.control.Tooltip.install(node, new javafx.scene.control.Tooltip(String.format(Locale.ROOT,
                            "%s: %,d cycles %s — click to go to the next such event", d.getXValue(),
                            d.getYValue().longValue(), s.getName())));
                }
            }
        }
    }

    /** Moves the pane of {@code technique} to its next event of the category (this leaves lockstep). */
    void jump(String paneLabel, String category) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).label().equals(paneLabel)) {
                Set<EventKind> kinds = switch (category) {
                    case "VMM" -> Set.of(EventKind.EMULATED_INSTRUCTION, EventKind.VM_EXIT, EventKind.HYPERCALL);
                    case "transitions" -> Set.of(EventKind.RING_TRANSITION);
                    case "translation" -> Set.of(EventKind.BLOCK_TRANSLATED);
                    default -> Set.of(EventKind.SYSTEM_CALL);
                };
                pause();
                lockstep.panes().get(i).stepToNext(kinds, 10_000_000);
                message.setText(paneLabel + " moved to its next " + category + " event; Step brings the others level.");
                show();
            }
        }
    }

    // ---------------------------------------------------------------- export

    private interface Export {
        void to(Path file) throws IOException;
    }

    private void exportDialog(String what, String pattern, Export export) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(what, pattern));
        java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            try {
                export.to(f.toPath());
                message.setText("Saved " + f);
            } catch (IOException e) {
                message.setText("Could not save " + f + ": " + e.getMessage());
            }
        }
    }

    /** The summary as CSV: the figures of the table, numbers unformatted. */
    void exportCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("technique,isa,cycles,overhead,instructions,transitions,traps,vmExits,"
                + "hypercalls,translatedBlocks,holes,outputEqualsNative,guestDirect,vmm,transitionCycles,translation\n");
        GuestRun n = nativeRun();
        for (int i = 0; i < summary.size(); i++) {
            GuestRun r = summary.get(i);
            Map<String, Long> c = r.stats().cyclesByCategory(r.cycles());
            sb.append(String.join(",", r.technique().id(), specs.get(i).strictIsa() ? "strict" : "x86",
                    Long.toString(r.cycles()), n == null ? "" : String.format(Locale.ROOT, "%.3f", r.overhead(n)),
                    Long.toString(r.instructions()), Long.toString(r.counters().ringTransitions()),
                    Long.toString(r.stats().traps()), Long.toString(r.stats().exitCount()),
                    Long.toString(r.stats().hypercallCount()), Long.toString(r.stats().translatedBlocks()),
                    Long.toString(r.stats().holes()), n == null ? "" : Boolean.toString(r.sameOutputAs(n)),
                    Long.toString(c.get("guest direct")), Long.toString(c.get("VMM")), Long.toString(c.get("transitions")),
                    Long.toString(c.get("translation")))).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    /** The two charts as one PNG. */
    void exportCharts(Path file) throws IOException {
        Node charts = lookup("#comparison-charts");
        javafx.scene.image.WritableImage image = charts.snapshot(null, null);
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    // ---------------------------------------------------------------- one pane

    /** A technique's run: its rings, the instruction it is at, and what it has paid so far. */
    static final class ComparePane extends VBox {
        private final RingView rings = new RingView();
        private final Label title = new Label();
        private final Label instruction = new Label();
        private final Label counters = new Label();
        private final Label divergence = new Label();
        private final Label milestone = new Label();

        ComparePane(PaneSpec spec) {
            getStyleClass().add("compare-pane");
            title.setText(spec.label());
            title.getStyleClass().add("compare-title");
            instruction.getStyleClass().add("compare-instruction");
            instruction.setWrapText(true);
            counters.getStyleClass().add("compare-counters");
            counters.setWrapText(true);
            divergence.getStyleClass().add("compare-divergence");
            divergence.setWrapText(true);
            rings.setMinSize(160, 160);
            // the rings on the left as large as the pane allows, the words beside them
            for (Label l : new Label[] {instruction, counters, divergence}) {
                l.setMaxWidth(Double.MAX_VALUE); // a label is as wide as its text unless told; these take the column
            }
            milestone.getStyleClass().add("compare-milestone");
            milestone.setWrapText(true);
            milestone.setMaxWidth(Double.MAX_VALUE);
            VBox words = new VBox(instruction, milestone, counters, divergence);
            words.getStyleClass().add("compare-words");
            words.setPrefWidth(300);
            words.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the rings give way, not the figures
            HBox body = new HBox(rings, words);
            HBox.setHgrow(rings, Priority.ALWAYS);
            VBox.setVgrow(body, Priority.ALWAYS);
            getChildren().addAll(title, body);
        }

        void show(MachineView v, Lockstep.Progress progress) {
            rings.show(v);
            milestone.setText(progress == null ? "" : progress.milestone() == 0
                    ? String.format(Locale.ROOT, "before the first system call: %,d instructions", progress.instructions())
                    : String.format(Locale.ROOT, "%s system call %,d: %,d instructions, %,d cycles since the one before",
                    progress.atMilestone() ? "at" : "after", progress.milestone(), progress.instructions(),
                    progress.cycles()));
            instruction.setText(v.current() == null ? "not started" : String.format("%08X  %s  (ring %d)",
                    v.current().eip(), text(v.current()), v.ring()));
            Map<EventKind, Long> c = v.counts();
            counters.setText(String.format(Locale.ROOT, "%,d instructions · %,d cycles%n%,d crossings · %,d emulated%n"
                            + "%,d VM exits · %,d hypercalls%n%,d translated blocks · %,d holes", v.instructionsRetired(), v.cycle(),
                    c.getOrDefault(EventKind.RING_TRANSITION, 0L), c.getOrDefault(EventKind.EMULATED_INSTRUCTION, 0L),
                    c.getOrDefault(EventKind.VM_EXIT, 0L), c.getOrDefault(EventKind.HYPERCALL, 0L),
                    c.getOrDefault(EventKind.BLOCK_TRANSLATED, 0L), c.getOrDefault(EventKind.VIRTUALIZATION_HOLE, 0L)));
        }

        private static String text(dev.ringscope.replay.CurrentInstruction c) {
            dev.ringscope.isa.Decoded d = dev.ringscope.isa.Decoder.decode(c.bytes(), 0, c.eip() & 0xFFFF_FFFFL);
            return d.isValid() ? dev.ringscope.isa.Disassembler.canonical(d.instruction(), c.bytes(),
                    c.eip() & 0xFFFF_FFFFL).toString() : "(invalid)";
        }

        void markDivergence(String what) {
            divergence.setText("⚠ " + what);
        }

        String instructionText() {
            return instruction.getText();
        }

        String milestoneText() {
            return milestone.getText();
        }
    }
}
