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

/**
 * The desktop app: opens on the default sample, the mini OS running hello.asm, ready to press Play.
 * File ▸ Open takes a program, an image or a recorded trace; the theme is remembered.
 */
public final class RingScopeApp extends Application implements MainWindow.Actions {

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
    /** --theme=dark|light|projector on the command line: for this session, without changing the remembered theme. */
    private Themes.Theme themeArgument;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        Session session;
        Documents.Opened opened;
        setup = rememberedSetup();
        Map<String, String> startArgs = getParameters() == null ? Map.of() : getParameters().getNamed();
        try {
            // --technique NAME, --isa strict, --cost modern choose the opening setup (e.g. for screenshots)
            if (startArgs.containsKey("technique")) {
                setup = setup.withTechnique(dev.ringscope.vmm.Technique.parse(startArgs.get("technique")));
            }
            if (startArgs.containsKey("isa")) {
                setup = setup.withStrictIsa("strict".equals(startArgs.get("isa")));
            }
            if (startArgs.containsKey("cost")) {
                setup = setup.withCost(dev.ringscope.vmm.CostModel.parse(startArgs.get("cost")));
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
        scene = new Scene(window, 1280, 800);
        window.installKeys(scene);
        window.useDarkTheme(SETTINGS.getBoolean("darkTheme", false));
        window.setZoomPercent(SETTINGS.getInt("zoom", 100));
        // --theme dark and --advance N (instructions) set the opening state, e.g. for screenshots
        Map<String, String> named = getParameters() == null ? Map.of() : getParameters().getNamed();
        if (named.containsKey("theme")) {
            try {
                themeArgument = Themes.Theme.parse(named.get("theme"));
                window.useTheme(themeArgument);
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
        if (getParameters() != null && getParameters().getUnnamed().contains("--present")) {
            ((MainWindow) scene.getRoot()).presentation().enter(); // --present: straight into presentation mode
        }
        if (getParameters() != null && getParameters().getUnnamed().contains("--presenter")) {
            ((MainWindow) scene.getRoot()).presentation().openPresenter(); // --presenter: the lecturer's window too
        }
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
    }

    @Override
    public void openDialog() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Open a program, an image or a trace");
        chooser.getExtensionFilters().addAll(
                new javafx.stage.FileChooser.ExtensionFilter("Programs, images and traces", "*.asm", "*.elf", "*.bin",
                        "*.jsonl"),
                new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
        java.io.File file = chooser.showOpenDialog(stage);
        if (file != null) {
            open(file.toPath());
        }
    }

    @Override
    public void open(java.nio.file.Path file) {
        MainWindow before = (MainWindow) scene.getRoot();
        before.session().pause();
        before.presentation().leave(); // the new window opens as a normal window
        double[] layout = before.dividers(); // the new window opens where this one's dividers are
        try {
            Documents.Opened opened = Documents.open(file, setup);
            SETTINGS.put("lastProgram", file.toAbsolutePath().toString());
            current = file;
            Session session = new Session(opened.playback());
            remember(session);
            MainWindow window = new MainWindow(session, opened.title(), opened.program(), this, opened.setup());
            window.applyLayout(layout);
            scene.setRoot(window);
            window.installKeys(scene);
            if (themeArgument != null) {
                window.useTheme(themeArgument);
            } else {
                window.useDarkTheme(SETTINGS.getBoolean("darkTheme", false));
            }
            window.setZoomPercent(SETTINGS.getInt("zoom", 100));
            if (!opened.warnings().isEmpty()) {
                show(Alert.AlertType.WARNING, "Some lines of the trace were skipped:\n"
                        + String.join("\n", opened.warnings().subList(0, Math.min(10, opened.warnings().size()))));
            }
        } catch (Documents.LoadException e) {
            show(Alert.AlertType.ERROR, e.getMessage());
        }
    }

    /** The playback speed comes back as it was last time, and is kept when changed. */
    private static void remember(Session session) {
        session.speedProperty().set(SETTINGS.getDouble("speed", session.speedProperty().get()));
        session.speedProperty().addListener((o, a, b) -> SETTINGS.putDouble("speed", b.doubleValue()));
    }

    @Override
    public void compare() {
        if (current == null || current.toString().endsWith(".jsonl")) {
            show(Alert.AlertType.INFORMATION, "A recorded trace replays one run; open a program to compare techniques.");
            return;
        }
        java.nio.file.Path file = current;
        ComparisonWindow window = new ComparisonWindow(file.getFileName().toString(), t -> Documents.image(file, t),
                ComparisonWindow.DEFAULT, setup.cost());
        Stage compareStage = new Stage();
        compareStage.setTitle("RingScope — compare techniques: " + file.getFileName());
        Scene compareScene = new Scene(window, 1280, 800);
        Themes.Theme themeNow = ((MainWindow) scene.getRoot()).theme();
        compareScene.getStylesheets().setAll(Themes.stylesheets(themeNow));
        window.useDarkTheme(themeNow == Themes.Theme.DARK);
        compareStage.setScene(compareScene);
        fillScreen(compareStage);
        compareStage.setOnHidden(e -> window.dispose());
        compareStage.show();
        comparison = window;
    }

    @Override
    public void setupChanged(dev.ringscope.vmm.RunSetup changed) {
        setup = changed;
        SETTINGS.put("technique", changed.technique().id());
        SETTINGS.putBoolean("strictIsa", changed.strictIsa());
        SETTINGS.put("cost", changed.cost().name());
        if (current != null) {
            open(current);
        }
    }

    private static dev.ringscope.vmm.RunSetup rememberedSetup() {
        try {
            return dev.ringscope.vmm.RunSetup.of(dev.ringscope.vmm.Technique.parse(SETTINGS.get("technique", "native")),
                    SETTINGS.getBoolean("strictIsa", false),
                    dev.ringscope.vmm.CostModel.parse(SETTINGS.get("cost", "2006")));
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
