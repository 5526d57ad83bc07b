package dev.ringscope.ui;

import dev.ringscope.lesson.ComparisonRowName;
import dev.ringscope.lesson.Highlight;
import dev.ringscope.lesson.LessonPlayer;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.lesson.VmcsFieldName;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.ui.lesson.LessonPanel;
import dev.ringscope.ui.present.NarratedScript;
import dev.ringscope.ui.present.Presentation;
import dev.ringscope.ui.present.Step;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.input.KeyCode;

/**
 * A lesson played in the main window. Each step is shown in the window of its run setup (one window per
 * technique, ISA and cost preset the lesson uses, each on the lesson's own recorded run), at the step's point,
 * with what it talks about marked in the views, its narration and question in the {@link LessonPanel} beside
 * them, and — while presenting — on the projector and in the presenter view. The student may leave the script
 * (step, play, seek, choose another technique) and come back to the step as it was.
 */
final class LessonMode implements LessonPanel.Controls {

    /** What the lesson asks of the application. */
    interface Host {
        /** A styled main window (theme, zoom, keys of the scene) for a run, not yet shown. */
        MainWindow window(Session session, String title, dev.ringscope.asm.Program program, MainWindow.Actions actions,
                          RunSetup setup);

        /** Makes {@code window} the scene's root. */
        void show(MainWindow window);

        /** A fresh run of the lesson's program under {@code setup}, for exploring; null (and said) if it cannot start. */
        Documents.Opened explore(java.nio.file.Path program, RunSetup setup);

        /** Opens (or brings back) the comparison of {@code panes} for the lesson's program, moved on {@code instructions}. */
        ComparisonWindow compare(java.nio.file.Path program, List<ComparisonWindow.PaneSpec> panes,
                                 dev.ringscope.vmm.CostModel cost, long instructions);

        void closeComparison();

        /** The lesson is over: back to the program, as a normal window. */
        void closeLesson(java.nio.file.Path program);

        /** Where to save the lesson (authoring), asked of the user; null when cancelled. */
        java.nio.file.Path chooseLessonFile(dev.ringscope.lesson.Lesson lesson);

        /** Authoring: asks for a new step at the view on screen; null when cancelled. */
        LessonStep askForStep(LessonMode mode, MainWindow window);

        /** The application's own actions (open a file, a sample), which end the lesson. */
        MainWindow.Actions appActions();
    }

    private final Host host;
    private ResolvedLesson resolved;
    private LessonPlayer player;
    private final LessonPanel panel = new LessonPanel(this);
    private final Map<RunSetup, MainWindow> windows = new LinkedHashMap<>();
    private MainWindow shown;
    /** A run outside the lesson's (the student chose another technique to explore), or null. */
    private MainWindow exploring;
    /** Where the lesson put the window it shows; any other position there means the student moved. */
    private long expected = -1;
    private boolean moving;
    private List<ComparisonWindow.PaneSpec> comparedPanes = List.of();
    private java.nio.file.Path savedFile;

    LessonMode(Host host, ResolvedLesson resolved) {
        this.host = host;
        this.resolved = resolved;
        this.player = new LessonPlayer(resolved);
    }

    /** Shows the first step (or {@code step}, 0-based). */
    void start(int step) {
        player.jump(Math.max(0, Math.min(step, player.stepCount() - 1)));
        showStep();
    }

    LessonPlayer player() {
        return player;
    }

    LessonPanel panel() {
        return panel;
    }

    ResolvedLesson resolved() {
        return resolved;
    }

    /** The window the lesson shows now. */
    MainWindow window() {
        return exploring != null ? exploring : shown;
    }

    // ---------------------------------------------------------------- moving through the lesson

    @Override
    public void next() {
        if (player.isOffScript()) {
            returnToScript(); // the clicker's next, while exploring, first brings the step back
            return;
        }
        if (asking()) {
            player.reveal(); // the answer, then the machine runs on to what really happens
            showStep();
            return;
        }
        if (player.hasNext()) {
            player.next();
            showStep();
        }
    }

    @Override
    public void back() {
        if (player.isOffScript()) {
            returnToScript();
            return;
        }
        if (player.hasPrevious()) {
            player.previous();
            showStep();
        }
    }

    @Override
    public void restart() {
        player.restart();
        closeExploring();
        showStep();
    }

    @Override
    public void jump(int index) {
        player.jump(index);
        closeExploring();
        showStep();
    }

    @Override
    public void vote(int choice) {
        if (asking() && choice >= 0 && choice < player.question().get().choices().size()) {
            player.vote(choice);
            refreshText();
        }
    }

    @Override
    public void returnToScript() {
        player.returnToScript();
        closeExploring();
        showStep();
    }

    @Override
    public void close() {
        host.closeComparison();
        host.closeLesson(resolved.lesson().program());
    }

    private boolean asking() {
        return player.question().isPresent() && player.questionState() != LessonPlayer.QuestionState.REVEALED;
    }

    /** The lesson's keys in the window (outside presentation mode): PageDown, PageUp, and the votes 1–4. */
    boolean windowKey(KeyCode code) {
        switch (code) {
            case PAGE_DOWN -> next();
            case PAGE_UP -> back();
            default -> {
                return voteKey(code);
            }
        }
        return true;
    }

    /** 1–4 (top row or keypad) vote while a question is open. */
    boolean voteKey(KeyCode code) {
        int choice = switch (code) {
            case DIGIT1, NUMPAD1 -> 0;
            case DIGIT2, NUMPAD2 -> 1;
            case DIGIT3, NUMPAD3 -> 2;
            case DIGIT4, NUMPAD4 -> 3;
            default -> -1;
        };
        if (choice < 0 || !asking() || choice >= player.question().get().choices().size()) {
            return false;
        }
        vote(choice);
        return true;
    }

    /** Puts the current step on screen: its window, its point (or where it began, while its question is open). */
    private void showStep() {
        int i = player.currentIndex();
        moving = true; // the window made and switched to shows positions of its own on the way
        try {
            MainWindow target = windowFor(resolved.setup(i), i);
            switchTo(target);
            Playback p = asking() ? resolved.showStart(i) : resolved.show(i);
            expected = p.view().position();
            applyHighlights(target, player.currentStep(), i);
            target.session().moved();
            markCode(target, player.currentStep(), i);
        } finally {
            moving = false;
        }
        showComparison(i);
        refreshText();
    }

    private void refreshText() {
        panel.show(player);
        MainWindow w = window();
        if (w != null) {
            w.presentation().useScript(this::stepAt); // refreshes the projector and the presenter view
        }
    }

    private MainWindow windowFor(RunSetup setup, int stepIndex) {
        MainWindow w = windows.get(setup);
        if (w == null) {
            Session session = new Session(resolved.playback(stepIndex));
            w = host.window(session, resolved.lesson().title() + " — " + setup.describe(), resolved.program(stepIndex),
                    lessonActions(), setup);
            adopt(w);
            w.addView("lesson", this::watch);
            windows.put(setup, w);
        }
        return w;
    }

    /** The lesson's keys, next/back and script in a window it shows. */
    private void adopt(MainWindow w) {
        w.useLessonKeys(this::windowKey);
        w.presentation().useKeys(this::voteKey);
        w.presentation().useAdvancer(new Presentation.Advancer() {
            @Override
            public void next() {
                LessonMode.this.next();
            }

            @Override
            public void back() {
                LessonMode.this.back();
            }
        });
        w.presentation().useScript(this::stepAt);
    }

    /** Every position a lesson window shows: one the lesson did not choose means the student left the script. */
    private void watch(MachineView view) {
        if (!moving && view.position() != expected && !player.isOffScript()) {
            player.leaveScript();
            panel.show(player);
        }
    }

    private void switchTo(MainWindow target) {
        MainWindow from = window();
        if (from == target) {
            return;
        }
        boolean presenting = from != null && from.presentation().isPresenting();
        boolean presenterOpen = from != null && from.presentation().handOver(target.presentation());
        if (from != null) {
            from.session().pause();
            target.useTheme(from.theme());
            target.setZoomPercent(from.zoomPercent());
            target.applyLayout(from.dividers());
            from.setRight(null);
        }
        target.setRight(panel);
        if (from == exploring) {
            exploring = null;
        }
        host.show(target);
        shown = target;
        if (presenting) {
            target.presentation().continueFrom(presenterOpen);
        } else if (presenterOpen) {
            target.presentation().openPresenter();
        }
    }

    private void closeExploring() {
        if (exploring != null) {
            MainWindow step = windowFor(resolved.setup(player.currentIndex()), player.currentIndex());
            switchTo(step);
        }
    }

    // ---------------------------------------------------------------- leaving the script for another technique

    /** The actions of a lesson's window: another technique explores beside the lesson; opening a file ends it. */
    private MainWindow.Actions lessonActions() {
        MainWindow.Actions app = host.appActions();
        return new MainWindow.Actions() {
            @Override
            public void open(java.nio.file.Path file) {
                app.open(file);
            }

            @Override
            public void openDialog() {
                app.openDialog();
            }

            @Override
            public void darkThemeChanged(boolean dark) {
                app.darkThemeChanged(dark);
            }

            @Override
            public void zoomChanged(int percent) {
                app.zoomChanged(percent);
            }

            @Override
            public void setupChanged(RunSetup setup) {
                explore(setup);
            }

            @Override
            public void compare() {
                app.compare();
            }

            @Override
            public void openLesson(java.nio.file.Path lesson) {
                app.openLesson(lesson);
            }

            @Override
            public java.nio.file.Path programFile() {
                return resolved.lesson().program();
            }

            @Override
            public ResolvedLesson playingLesson() {
                return resolved;
            }
        };
    }

    /** The student picked another technique, ISA or cost preset: a run of its own, the lesson waiting. */
    void explore(RunSetup setup) {
        Documents.Opened opened = host.explore(resolved.lesson().program(), setup);
        if (opened == null) {
            return;
        }
        player.leaveScript();
        MainWindow w = host.window(new Session(opened.playback()), opened.title() + " — exploring", opened.program(),
                lessonActions(), opened.setup());
        adopt(w); // the clicker's next brings the lesson back
        MainWindow before = window();
        switchTo(w);
        exploring = w;
        if (before != null && before != w) {
            shown = before; // the step's window, to come back to
        }
        panel.show(player);
    }

    // ---------------------------------------------------------------- what a step marks

    private void applyHighlights(MainWindow w, LessonStep step, int index) {
        Set<Integer> rings = new HashSet<>();
        boolean crossing = false;
        Set<ArchRegister> registers = EnumSet.noneOf(ArchRegister.class);
        Set<VmcsFieldName> vmcs = EnumSet.noneOf(VmcsFieldName.class);
        for (Highlight h : step.highlights()) {
            if (h instanceof Highlight.Ring r) {
                rings.add(r.ring());
            } else if (h instanceof Highlight.Crossing) {
                crossing = true;
            } else if (h instanceof Highlight.Register r) {
                registers.add(r.register());
            } else if (h instanceof Highlight.VmcsField f) {
                vmcs.add(f.field());
            }
        }
        step.rings().ifPresent(picture -> w.setAccurateRingPicture(picture == dev.ringscope.lesson.RingPicture.ACCURATE));
        w.highlightRings(rings, crossing);
        w.registerPanel().highlight(registers);
        w.vmmPanel().highlight(vmcs);
        if (!vmcs.isEmpty()) {
            w.showVmmTab();
        }
    }

    private void markCode(MainWindow w, LessonStep step, int index) {
        Set<Long> addresses = new HashSet<>();
        for (Highlight h : step.highlights()) {
            if (h instanceof Highlight.CodeLine line) {
                Long a = line.label() != null ? resolved.program(index).symbol(line.label()) : line.address();
                if (a != null) {
                    addresses.add(a);
                }
            }
        }
        w.codeView().highlight(addresses);
    }

    private void showComparison(int index) {
        LessonStep step = player.currentStep();
        if (step.compare().isEmpty()) {
            if (!comparedPanes.isEmpty()) {
                host.closeComparison();
                comparedPanes = List.of();
            }
            return;
        }
        if (asking()) {
            return; // the comparison is part of the answer
        }
        boolean strict = resolved.setup(index).strictIsa();
        List<ComparisonWindow.PaneSpec> panes = new ArrayList<>();
        for (Technique t : step.compare()) {
            panes.add(new ComparisonWindow.PaneSpec(t, strict));
        }
        ComparisonWindow c = host.compare(resolved.lesson().program(), panes, resolved.setup(index).cost(),
                resolved.position(index).instruction() + 1);
        comparedPanes = panes;
        if (c != null) {
            Set<ComparisonRowName> rows = EnumSet.noneOf(ComparisonRowName.class);
            for (Highlight h : step.highlights()) {
                if (h instanceof Highlight.ComparisonRow r) {
                    rows.add(r.row());
                }
            }
            c.highlight(rows);
        }
    }

    // ---------------------------------------------------------------- the projector's and presenter's step

    private Step stepAt(MachineView view) {
        LessonStep step = player.currentStep();
        List<String> titles = new ArrayList<>();
        player.lesson().steps().forEach(s -> titles.add(s.number() + ". " + s.title()));
        String next = asking() ? "The answer, then the run on to step " + step.number() + "'s point."
                : player.hasNext() ? "Step " + (player.currentIndex() + 2) + ": "
                + player.lesson().steps().get(player.currentIndex() + 1).title()
                : "The end of the lesson.";
        String narration = asking() ? "" : step.narration().plain();
        return new Step(capitalized(player.progress()) + " · " + step.title(), NarratedScript.instruction(view), narration,
                step.notes(), next, titles, player.currentIndex(), LessonPanel.poll(player));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---------------------------------------------------------------- authoring

    @Override
    public void addStepHere() {
        MainWindow w = window();
        LessonStep added = host.askForStep(this, w);
        if (added != null) {
            insertStep(added);
        }
    }

    /** What a new step at {@code view} could mark: what the views show there. */
    static List<Highlight> candidates(MachineView view, dev.ringscope.asm.Program program, RunSetup setup) {
        List<Highlight> out = new ArrayList<>();
        for (int ring = 3; ring >= -1; ring--) {
            if (view.rings().occupied(ring)) {
                out.add(new Highlight.Ring(ring));
            }
        }
        if (!view.trail().isEmpty()) {
            out.add(new Highlight.Crossing());
        }
        java.util.Set<ArchRegister> registers = java.util.EnumSet.of(ArchRegister.EAX, ArchRegister.ESP, ArchRegister.EFLAGS,
                ArchRegister.CS, ArchRegister.CR3);
        registers.addAll(view.step().registerWrites().keySet());
        if (setup.technique() != Technique.NATIVE) {
            registers.add(ArchRegister.V_EFLAGS);
        }
        registers.forEach(r -> out.add(new Highlight.Register(r)));
        if (view.current() != null && program != null) {
            long eip = Integer.toUnsignedLong(view.current().eip());
            String label = program.symbols().entrySet().stream().filter(e -> e.getValue() == eip
                    && !e.getKey().startsWith("..@")).map(Map.Entry::getKey).sorted().findFirst().orElse(null);
            if (label != null || program.lineAt(eip) != null) {
                out.add(new Highlight.CodeLine(label, label == null ? eip : null, new dev.ringscope.lesson.Spot(0, 0, "highlight")));
            }
        }
        if (setup.technique() == Technique.HARDWARE_ASSISTED) {
            for (VmcsFieldName f : List.of(VmcsFieldName.EXIT_REASON, VmcsFieldName.EXIT_QUALIFICATION, VmcsFieldName.GUEST_RIP)) {
                out.add(new Highlight.VmcsField(f));
            }
        }
        return out;
    }

    /** Puts {@code step} after the current one and shows it (authoring). */
    void insertStep(LessonStep step) {
        panel.showProblem(null);
        dev.ringscope.lesson.Lesson lesson = resolved.lesson();
        List<LessonStep> steps = new ArrayList<>(lesson.steps());
        steps.add(player.currentIndex() + 1, step);
        dev.ringscope.lesson.Lesson edited = dev.ringscope.lesson.LessonEditing.renumbered(lesson, steps);
        try {
            ResolvedLesson again = new dev.ringscope.lesson.LessonResolver().resolve(edited);
            int at = player.currentIndex() + 1;
            replace(again);
            player.jump(at);
            closeExploring();
            showStep();
        } catch (dev.ringscope.lesson.LessonException e) {
            panel.showProblem("The step was not added: " + String.join("; ", e.problems()));
        }
    }

    /** A lesson edited: the same windows cannot be kept (they show the old runs), so they are made again. */
    private void replace(ResolvedLesson again) {
        MainWindow old = window();
        resolved = again;
        player = new LessonPlayer(again);
        windows.clear();
        exploring = null;
        shown = old; // switchTo moves from the window on screen to the new one
    }

    @Override
    public void save() {
        java.nio.file.Path file = host.chooseLessonFile(resolved.lesson());
        if (file != null) {
            saveTo(file);
        }
    }

    /** Writes the lesson to {@code file} (whole, or not at all); a problem is shown in the panel. */
    boolean saveTo(java.nio.file.Path file) {
        String text = dev.ringscope.lesson.LessonWriter.write(resolved.lesson(), file);
        try {
            java.nio.file.Path folder = file.toAbsolutePath().getParent();
            java.nio.file.Path temporary = java.nio.file.Files.createTempFile(folder, ".lesson-", ".json");
            try {
                java.nio.file.Files.writeString(temporary, text, java.nio.charset.StandardCharsets.UTF_8);
                java.nio.file.Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                java.nio.file.Files.deleteIfExists(temporary);
            }
        } catch (java.io.IOException | RuntimeException e) {
            panel.showProblem("The lesson was not saved to " + file + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return false;
        }
        savedFile = file;
        panel.showProblem(null);
        return true;
    }

    /** Where the lesson was last saved (the next save offers it), or null. */
    java.nio.file.Path savedFile() {
        return savedFile;
    }
}
