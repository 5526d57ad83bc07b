package dev.ringscope.ui;

import dev.ringscope.asm.Program;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.vmm.MultiGuestRun;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * Containers against VMs, side by side: on the left, guests under one VMM ({@link MultiGuestRun}: each
 * its own kernel on host frames of its own, the VMM switching between them on its timer slice); on the
 * right, the same programs as processes of one kernel (a mini-OS program with two tasks). Each side is
 * a picture of its boundaries — a box per VM above the VMM's bar, or the processes above one shared
 * kernel — with the token where the CPU is, and the consoles below. Step runs one VMM slice and as many
 * instructions on the other side; Play repeats it; Add VM adds a guest (the run starts again).
 */
final class GuestsWindow extends BorderPane {

    private static final double PAD = 12;

    private final List<Path> guests = new ArrayList<>();
    private final Path processes;
    private RunSetup setup;
    private MultiGuestRun run;
    private Machine oneKernel;
    private Program oneKernelProgram;
    private final Canvas vmPicture = new Canvas(560, 320);
    private final Canvas processPicture = new Canvas(420, 320);
    private final GridPane consoles = new GridPane();
    private final List<TextArea> vmConsoles = new ArrayList<>();
    private final TextArea processConsole = console();
    private final Label said = new Label();
    private final Timeline player = new Timeline(new KeyFrame(Duration.millis(250), e -> step()));
    private final ComboBox<Technique> technique = new ComboBox<>();
    private Palette palette = Palette.light();
    private String failure;

    /**
     * @param vms       the guests, each a program of its own on its own mini OS (at least two)
     * @param processes a program whose two tasks are the same programs on one kernel; null: no such side
     */
    GuestsWindow(RunSetup setup, List<Path> vms, Path processes) {
        this.setup = setup.technique() == Technique.NATIVE ? setup.withTechnique(Technique.HARDWARE_ASSISTED) : setup;
        this.guests.addAll(vms);
        this.processes = processes;
        getStyleClass().add("guests-window");
        player.setCycleCount(Timeline.INDEFINITE);
        technique.getItems().addAll(Technique.TRAP_EMULATE, Technique.BINARY_TRANSLATION, Technique.PARAVIRTUAL,
                Technique.HARDWARE_ASSISTED);
        technique.setValue(this.setup.technique());
        technique.setId("guests-technique");
        technique.setConverter(MainWindow.TECHNIQUE_TITLES);
        technique.valueProperty().addListener((o, was, now) -> {
            if (now != null && now != this.setup.technique()) {
                // trap-and-emulate runs the mini OS only with the strict ISA (x86's holes stop its idle loop)
                this.setup = this.setup.withTechnique(now).withStrictIsa(now == Technique.TRAP_EMULATE);
                reset();
            }
        });
        Button play = new Button("Play");
        play.setId("guests-play");
        play.setOnAction(e -> {
            if (player.getStatus() == javafx.animation.Animation.Status.RUNNING) {
                player.stop();
            } else {
                player.play();
            }
        });
        player.statusProperty().addListener((o, was, now) ->
                play.setText(now == javafx.animation.Animation.Status.RUNNING ? "Pause" : "Play"));
        Button step = new Button("Step a slice");
        step.setId("guests-step");
        step.setOnAction(e -> {
            player.stop();
            step();
        });
        Button restart = new Button("Start again");
        restart.setOnAction(e -> reset());
        Button add = new Button("Add VM…");
        add.setId("guests-add");
        add.setOnAction(e -> addDialog());
        ToolBar bar = new ToolBar(new Label("technique"), technique, play, step, restart, add, said);
        setTop(bar);
        Label vmTitle = heading("Two kernels: VMs under one VMM");
        Label processTitle = heading("One kernel: processes, as containers");
        VBox left = new VBox(6, vmTitle, vmPicture);
        VBox right = new VBox(6, processTitle, processPicture);
        javafx.scene.layout.HBox pictures = new javafx.scene.layout.HBox(16, left);
        if (processes != null) {
            pictures.getChildren().add(right);
        }
        pictures.setPadding(new Insets(PAD));
        // the pictures share the width: the VMs more of it, as they are more boxes
        widthProperty().addListener((o, was, now) -> {
            double room = Math.max(600, now.doubleValue() - 4 * PAD);
            vmPicture.setWidth(processes == null ? room : room * 0.6);
            processPicture.setWidth(room * 0.4 - 16);
            draw();
        });
        consoles.setHgap(8);
        consoles.setVgap(4);
        consoles.setPadding(new Insets(0, PAD, PAD, PAD));
        VBox body = new VBox(pictures, consoles);
        VBox.setVgrow(consoles, Priority.ALWAYS);
        setCenter(body);
        said.setId("guests-said");
        reset();
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("vmm-heading");
        return l;
    }

    private static TextArea console() {
        TextArea t = new TextArea();
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(8);
        t.getStyleClass().addAll("console", "guest-console");
        return t;
    }

    /** Stops playing (the window closes). */
    void stop() {
        player.stop();
    }

    void setPalette(Palette palette) {
        this.palette = palette;
        draw();
    }

    /** Builds both sides from the start: every guest booted on its own frames, the processes' kernel booted. */
    void reset() {
        player.stop();
        failure = null;
        try {
            run = new MultiGuestRun(setup, MachineOptions.defaults(), 500, Math.max(2, guests.size()));
            for (Path p : guests) {
                run.addGuest(String.valueOf(p.getFileName()), Documents.image(p, setup.technique()));
            }
            if (processes != null) {
                oneKernelProgram = Documents.program(processes, setup.technique());
                oneKernel = setup.boot(oneKernelProgram.bytes());
            }
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        consoles.getChildren().clear();
        vmConsoles.clear();
        for (int i = 0; i < guests.size(); i++) {
            TextArea t = console();
            t.setId("guest-console-" + (i + 1));
            vmConsoles.add(t);
            consoles.add(new VBox(2, new Label("vm" + (i + 1) + "  " + guests.get(i).getFileName()), t), i, 0);
        }
        if (processes != null) {
            processConsole.setId("process-console");
            consoles.add(new VBox(2, new Label("one kernel  " + processes.getFileName()), processConsole), guests.size(), 0);
        }
        refresh();
    }

    /** One VMM slice on the left, as many instructions on the right; false when both sides are done. */
    boolean step() {
        if (run == null || failure != null) {
            player.stop();
            return false;
        }
        long before = run.guests().stream().mapToLong(g -> g.machine().instructions()).sum();
        boolean more = run.runSlice(LIMIT);
        long ran = run.guests().stream().mapToLong(g -> g.machine().instructions()).sum() - before;
        boolean kernelMore = false;
        if (oneKernel != null && !oneKernel.stopped() && oneKernel.instructions() < LIMIT) {
            oneKernel.run(Math.max(1, ran == 0 ? run.slice() : ran));
            kernelMore = !oneKernel.stopped();
        }
        refresh();
        if (!more && !kernelMore) {
            player.stop();
        }
        return more || kernelMore;
    }

    /** Each side stops after this many instructions of a guest, as {@code run} does by default. */
    static final long LIMIT = 100_000_000;

    private void addDialog() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Add a VM: a program on a mini OS of its own, or a bare guest");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Programs", "*.asm", "*.elf"));
        java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            addGuest(f.toPath());
        }
    }

    /** Adds a guest (at most four) and starts again; says why not otherwise. */
    void addGuest(Path program) {
        if (guests.size() >= 4) {
            said.setText("One VMM runs at most four guests here.");
            return;
        }
        guests.add(program);
        reset();
    }

    List<Path> guests() {
        return List.copyOf(guests);
    }

    MultiGuestRun run() {
        return run;
    }

    Machine oneKernel() {
        return oneKernel;
    }

    String consoleOf(int vm) {
        return vmConsoles.get(vm - 1).getText();
    }

    String processConsole() {
        return processConsole.getText();
    }

    private void refresh() {
        if (failure != null) {
            said.setText(failure);
        } else {
            for (int i = 0; i < vmConsoles.size() && i < run.guests().size(); i++) {
                String text = run.guests().get(i).machine().console();
                if (!text.equals(vmConsoles.get(i).getText())) {
                    vmConsoles.get(i).setText(text);
                    vmConsoles.get(i).positionCaret(text.length());
                }
            }
            if (oneKernel != null && !oneKernel.console().equals(processConsole.getText())) {
                processConsole.setText(oneKernel.console());
                processConsole.positionCaret(processConsole.getText().length());
            }
            said.setText(String.format("%s: %d switches between VMs, %,d cycles on the CPU", setup.describe(),
                    run.switches(), run.cycles()));
        }
        draw();
    }

    // ---------------------------------------------------------------- the pictures

    private void draw() {
        drawVms();
        if (processes != null) {
            drawProcesses();
        }
    }

    private void drawVms() {
        GraphicsContext g = vmPicture.getGraphicsContext2D();
        double w = vmPicture.getWidth();
        double h = vmPicture.getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (run == null) {
            return;
        }
        int n = run.guests().size();
        double bar = 46;
        double boxW = (w - PAD * (n + 1)) / Math.max(1, n);
        double boxH = h - bar - 3 * PAD;
        for (int i = 0; i < n; i++) {
            MultiGuestRun.Guest guest = run.guests().get(i);
            double x = PAD + i * (boxW + PAD);
            boolean running = guest == run.current() && !guest.machine().stopped();
            String state = guest.machine().stopped() ? "stopped" : running ? "on the CPU" : "waiting for its slice";
            drawBox(g, x, PAD, boxW, boxH, "vm" + guest.number() + " " + guest.name(), state, running);
            drawRings(g, x + 8, PAD + 40, boxW - 16, boxH - 48, "user", "its own kernel", false,
                    running ? guest.machine().cpu().cpl : -1, -1);
        }
        // the VMM's bar under every VM: the one boundary between them
        double y = h - bar - PAD;
        g.setFill(palette.ring(3).deriveColor(0, 1, 0.85, 1));
        g.fillRoundRect(PAD, y, w - 2 * PAD, bar, 10, 10);
        g.setFill(palette.text());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font("System", 13));
        StringBuilder frames = new StringBuilder("host frames  ");
        for (MultiGuestRun.Guest guest : run.guests()) {
            dev.ringscope.machine.HostMemory.Allocation a = guest.frames();
            frames.append("vm").append(guest.number()).append(String.format(": 0x%X–0x%X   ", a.firstFrame(),
                    a.firstFrame() + a.frames() - 1));
        }
        g.fillText("VMM (ring −1): one CPU, switched between the VMs on its timer slice", w / 2, y + 14, w - 3 * PAD);
        g.setFont(Font.font("Monospaced", 11));
        g.fillText(frames.toString().strip(), w / 2, y + 32, w - 3 * PAD);
    }

    private void drawProcesses() {
        GraphicsContext g = processPicture.getGraphicsContext2D();
        double w = processPicture.getWidth();
        double h = processPicture.getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (oneKernel == null) {
            return;
        }
        int task = runningTask();
        boolean stopped = oneKernel.stopped();
        drawBox(g, PAD, PAD, w - 2 * PAD, h - 2 * PAD, "one mini OS: " + processes.getFileName(),
                stopped ? "stopped" : "task " + (task > 0 ? task : "—") + " on the CPU", !stopped);
        drawRings(g, PAD + 8, PAD + 40, w - 2 * PAD - 16, h - 2 * PAD - 48, "", "one kernel, shared by both", true,
                stopped ? -1 : oneKernel.cpu().cpl, task);
    }

    /** The running task's pid, read from the kernel's own `current` slot (0 for the idle task, -1 if unknown). */
    private int runningTask() {
        Long current = oneKernelProgram == null ? null : oneKernelProgram.symbol("current");
        if (current == null) {
            return -1;
        }
        int slot = oneKernel.memory().read32((int) (long) current);
        return slot == 0 ? -1 : oneKernel.memory().read32(slot + 4); // P_PID (minios/proc.asm)
    }

    private void drawBox(GraphicsContext g, double x, double y, double w, double h, String title, String state,
                         boolean running) {
        g.setFill(palette.background().interpolate(palette.text(), 0.04));
        g.fillRoundRect(x, y, w, h, 12, 12);
        g.setStroke(running ? palette.token() : palette.muted());
        g.setLineWidth(running ? 3 : 1);
        g.strokeRoundRect(x, y, w, h, 12, 12);
        g.setFill(palette.text());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font("System", javafx.scene.text.FontWeight.BOLD, 13));
        g.fillText(title, x + 8, y + 6, w - 16);
        g.setFont(Font.font("System", 12));
        g.setFill(palette.muted());
        g.fillText(state, x + 8, y + 22, w - 16);
    }

    /**
     * Rings 3 (top) to 0 as bands: ring 3 labelled {@code user}, or split into task 1 | task 2 when {@code
     * twoTasks}; ring 0 labelled {@code kernel}. The token sits at the right of the band of {@code cpl}
     * (-1: none), in task 1's half when task 1 runs in ring 3.
     */
    private void drawRings(GraphicsContext g, double x, double y, double w, double h, String user, String kernel,
                           boolean twoTasks, int cpl, int task) {
        double band = h / 4;
        double middle = x + w / 2 + 20;
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font("System", 11));
        for (int ring = 3; ring >= 0; ring--) {
            double top = y + (3 - ring) * band;
            double centre = top + band / 2;
            g.setFill(palette.ring(ring).deriveColor(0, 1, 1, 0.7));
            g.fillRect(x, top, w, band - 2);
            g.setFill(palette.muted());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("ring " + ring, x + 4, centre);
            g.setFill(palette.text());
            g.setTextAlign(TextAlignment.CENTER);
            if (ring == 3 && twoTasks) {
                g.setStroke(palette.muted());
                g.setLineWidth(1);
                g.strokeLine(middle, top + 2, middle, top + band - 4);
                g.fillText("task 1", (x + 44 + middle) / 2, centre);
                g.fillText("task 2", (middle + x + w) / 2, centre);
            } else if (ring == 3 || ring == 0) {
                g.fillText(ring == 3 ? user : kernel, middle, centre);
            }
        }
        if (cpl >= 0 && cpl <= 3) {
            double cx = cpl == 3 && twoTasks && task == 1 ? middle - 14 : x + w - 16;
            double cy = y + (3 - cpl) * band + band / 2 - 1;
            g.setFill(palette.token());
            g.fillOval(cx - 8, cy - 8, 16, 16);
        }
    }
}
