package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.RingOccupancy;
import dev.ringscope.trace.Trace;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javafx.scene.Scene;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every sample (samples/user, samples/guests, samples/bench, the C programs' ELF files in samples/c) under every technique, both ISAs and both
 * cost presets, in the main window, at many points of its run: the start, instructions 1, 10, 100 and
 * 1,000, the first event of every kind that occurs, every ring change and VM exit in the first 5,000
 * instructions (seeked to the event itself, in the middle of its step), the end and past it — and a step
 * back from each. At every point no view fails, and the views agree: the same instruction, the same ring
 * and who is in it, the technique's ring layout, a narration, the current line at the instruction's
 * address. One run per combination, recorded once and sought through.
 */
class ViewSweepTest {

    /** Where a run is cut if it has not ended (the workload never does; T&E on x86 hangs sleep.asm). */
    static final long CAP = 60_000;
    static final long FIRST_CROSSINGS = 5_000;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** All samples, or those whose name contains -Dringscope.sweep.only (to look at one while debugging). */
    static List<Path> samples() throws IOException {
        String only = System.getProperty("ringscope.sweep.only", "");
        List<Path> all = new ArrayList<>();
        for (String dir : new String[] {"samples/user", "samples/guests", "samples/bench", "samples/c"}) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> (p.toString().endsWith(".asm") || p.toString().endsWith(".elf")
                                && !p.getFileName().toString().equals("workload.elf")) // bench/workload.asm is the endless one here
                                && p.getFileName().toString().contains(only))
                        .sorted().forEach(all::add);
            }
        }
        return all;
    }

    @TestFactory
    Stream<DynamicNode> everySampleUnderEveryTechniqueAtManyPoints() throws IOException {
        List<DynamicNode> bySample = new ArrayList<>();
        for (Path sample : samples()) {
            List<DynamicNode> runs = new ArrayList<>();
            for (Technique t : Technique.values()) {
                for (boolean strict : new boolean[] {false, true}) {
                    for (CostModel cost : new CostModel[] {CostModel.P4_2006, CostModel.MODERN}) {
                        RunSetup setup = RunSetup.of(t, strict, cost);
                        runs.add(DynamicTest.dynamicTest(setup.describe(), () -> fx(() -> {
                            sweep(sample, setup);
                            return null;
                        })));
                    }
                }
            }
            bySample.add(DynamicContainer.dynamicContainer(sample.toString(), runs));
        }
        return bySample.stream();
    }

    /**
     * The hosts (docs/hypervisor-types.md), on a subset of the samples to keep the sweep's time near
     * what it was: hardware assist on type2 and kvm under both presets, and hosted binary translation,
     * each at every point the sweep visits. The subset has console output through the UART and port
     * 0xE9 (hello, io, tour), system calls and the timer (syscall, preempt) and a hostile guest.
     */
    static final List<String> HOST_SAMPLES = List.of("samples/user/hello.asm", "samples/user/io.asm",
            "samples/user/tour.asm", "samples/user/syscall.asm", "samples/user/preempt.asm", "samples/guests/hostile.asm");

    @TestFactory
    Stream<DynamicNode> hostsOnSomeSamplesAtManyPoints() {
        List<DynamicNode> all = new ArrayList<>();
        for (String sample : HOST_SAMPLES) {
            List<RunSetup> setups = new ArrayList<>();
            for (dev.ringscope.vmm.HostType host : List.of(dev.ringscope.vmm.HostType.TYPE2, dev.ringscope.vmm.HostType.KVM)) {
                for (CostModel cost : new CostModel[] {CostModel.P4_2006, CostModel.MODERN}) {
                    setups.add(RunSetup.of(Technique.HARDWARE_ASSISTED, false, cost).withHost(host));
                }
            }
            setups.add(RunSetup.of(Technique.BINARY_TRANSLATION, false, CostModel.P4_2006)
                    .withHost(dev.ringscope.vmm.HostType.TYPE2));
            List<DynamicNode> runs = new ArrayList<>();
            for (RunSetup setup : setups) {
                runs.add(DynamicTest.dynamicTest(setup.describe(), () -> fx(() -> {
                    sweep(Path.of(sample), setup);
                    return null;
                })));
            }
            all.add(DynamicContainer.dynamicContainer(sample, runs));
        }
        return all.stream();
    }

    /**
     * The comparison window on every sample, both ISAs and both presets, with all five techniques (two
     * windows: four panes at most): through its first milestones, then by instruction count to 1, 10,
     * 100 and 1,000 instructions and on to the end. No pane fails; at each milestone every pane that met
     * no hole shows native's user instruction.
     */
    @TestFactory
    Stream<DynamicNode> theComparisonOnEverySample() throws IOException {
        List<DynamicNode> all = new ArrayList<>();
        for (Path sample : samples()) {
            for (boolean strict : new boolean[] {false, true}) {
                for (CostModel cost : new CostModel[] {CostModel.P4_2006, CostModel.MODERN}) {
                    String name = sample + (strict ? ", strict ISA, " : ", x86, ") + cost.name();
                    all.add(DynamicTest.dynamicTest(name, () -> fx(() -> {
                        compare(sample, strict, cost, List.of(Technique.NATIVE, Technique.TRAP_EMULATE,
                                Technique.BINARY_TRANSLATION, Technique.HARDWARE_ASSISTED));
                        compare(sample, strict, cost, List.of(Technique.NATIVE, Technique.PARAVIRTUAL));
                        return null;
                    })));
                }
            }
        }
        return all.stream();
    }

    private static void compare(Path sample, boolean strict, CostModel cost, List<Technique> techniques) throws Exception {
        List<ComparisonWindow.PaneSpec> panes = new ArrayList<>();
        techniques.forEach(t -> panes.add(new ComparisonWindow.PaneSpec(t, strict)));
        dev.ringscope.vmm.Comparison.Guest guest = t -> Documents.image(sample, t);
        // the whole-run summary is not this test's: it is handed to an executor that never runs it
        ComparisonWindow w = new ComparisonWindow(sample.getFileName().toString(), guest, panes, cost, task -> { });
        new Scene(w, 1280, 800);
        String where = sample.getFileName() + (strict ? " strict" : " x86") + " " + cost.name() + " " + techniques;
        for (int k = 0; k < 12; k++) {
            w.step();
            List<MachineView> views = w.lockstep().views();
            MachineView nat = views.get(0);
            for (int i = 0; i < views.size(); i++) {
                MachineView v = views.get(i);
                assertFalse(w.paneText(i).isBlank(), where + ": pane " + i);
                if (nat.current() != null && v.current() != null && v.count(EventKind.VIRTUALIZATION_HOLE) == 0
                        && nat.count(EventKind.SYSTEM_CALL) == k + 1 && v.count(EventKind.SYSTEM_CALL) == k + 1) {
                    assertEquals(nat.current().eip(), v.current().eip(), where + ": pane " + i + " at system call " + (k + 1));
                }
            }
        }
        w.align(dev.ringscope.replay.Lockstep.Mode.INSTRUCTIONS);
        w.lockstep().home();
        for (long n : new long[] {1, 9, 90, 900, CAP}) {
            w.advance(n);
            for (int i = 0; i < techniques.size(); i++) {
                assertFalse(w.paneText(i).isBlank(), where + ": pane " + i);
            }
        }
        w.dispose();
    }

    /** render, headless, for a sample of the points: a picture that is not blank, for every technique. */
    @TestFactory
    Stream<DynamicNode> renderAtSomeOfThePoints() {
        List<DynamicNode> all = new ArrayList<>();
        for (Technique t : Technique.values()) {
            for (String sample : new String[] {"samples/user/tour.asm", "samples/guests/hostile.asm"}) {
                for (long at : new long[] {0, 1, 1_000, 10_000_000}) {
                    RunSetup setup = RunSetup.of(t, t == Technique.TRAP_EMULATE, CostModel.P4_2006);
                    all.add(DynamicTest.dynamicTest(sample + " under " + setup.describe() + " at " + at, () -> {
                        Renderer.Rendered r = Renderer.rendered(Path.of(sample), setup, at, 960, 600, at == 1_000);
                        assertEquals(960, r.picture().getWidth());
                        java.util.Set<Integer> colours = new java.util.HashSet<>();
                        for (int y = 0; y < r.picture().getHeight(); y += 5) {
                            for (int x = 0; x < r.picture().getWidth(); x += 5) {
                                colours.add(r.picture().getRGB(x, y));
                            }
                        }
                        assertTrue(colours.size() > 20, "not blank: " + colours.size() + " colours");
                        RingOccupancy layout = t.rings();
                        r.ringLabels().forEach((ring, label) -> assertEquals(
                                layout.occupied(ring) ? layout.at(ring).label() : "", label, "ring " + ring));
                    }));
                }
            }
        }
        return all.stream();
    }

    static <T> T fx(Callable<T> work) throws Exception {
        try {
            return WaitForAsyncUtils.asyncFx(work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw (Error) e.getCause();
        }
    }

    private static void sweep(Path sample, RunSetup setup) throws Exception {
        Documents.Opened opened = Documents.open(sample, setup);
        Session session = new Session(opened.playback());
        MainWindow window = new MainWindow(session, opened.title(), opened.program(), new MainWindow.Actions() {
        }, opened.setup());
        Scene scene = new Scene(window, 1280, 800);
        window.applyCss();
        window.layout();
        Playback p = session.playback();
        String where = sample.getFileName() + " under " + setup.describe();
        check(window, setup, where + " at the start");

        // the whole run (to its end, or the cap), recorded once; every point is then a seek
        p.advance(CAP);
        Trace trace = p.trace();
        long instructions = p.position().instructionsKnown();
        TreeSet<Long> atInstructions = new TreeSet<>(List.of(0L, 1L, 10L, 100L, 1_000L, instructions - 1));
        TreeSet<Long> atEvents = new TreeSet<>();
        boolean[] kindSeen = new boolean[EventKind.values().length];
        long retired = 0;
        for (long i = 0; i < trace.size(); i++) {
            EventKind kind = trace.kindAt(i);
            if (kind == EventKind.INSTRUCTION_RETIRED) {
                retired++;
            }
            if (!kindSeen[kind.ordinal()]) {
                kindSeen[kind.ordinal()] = true;
                atEvents.add(i + 1);
            }
            if ((kind == EventKind.RING_TRANSITION || kind == EventKind.VM_EXIT) && retired <= FIRST_CROSSINGS) {
                atEvents.add(i + 1);
            }
        }
        for (long n : atInstructions) {
            if (n >= 0 && n < instructions) {
                at(window, setup, where, () -> session.seekInstruction(n), "instruction " + n);
            }
        }
        for (long e : atEvents) {
            at(window, setup, where, () -> session.seekPosition(e), "event " + (e - 1) + " (" + trace.kindAt(e - 1) + ")");
        }
        at(window, setup, where, () -> session.seekPosition(trace.size()), "the end");
        at(window, setup, where, () -> session.seekInstruction(instructions + 10), "past the end");
        assertFalse(window.failures().isVisible(), where + ": " + window.failures().text());
    }

    /** Moves there, checks; steps back, checks. */
    private static void at(MainWindow w, RunSetup setup, String where, Runnable move, String point) {
        move.run();
        check(w, setup, where + " at " + point);
        w.session().stepBack();
        check(w, setup, where + " one step back from " + point);
    }

    /** The views agree with the position and with each other. */
    static void check(MainWindow w, RunSetup setup, String where) {
        MachineView v = w.session().view();
        assertFalse(w.failures().isVisible(), () -> where + ": " + w.failures().last().details());
        RingOccupancy layout = setup.host().rings(setup.technique());
        assertEquals(layout, v.rings(), where + ": the technique's rings on its host");
        // who runs now: the ring's party, or under a host one of the host's own parties (a hop seen mid-step)
        Party now = v.currentParty();
        assertTrue(now == layout.at(v.ring()) || layout.hostWorld().contains(now), where + ": " + now + " in ring " + v.ring());
        // the status bar: this instruction, this ring, who is in it
        String status = w.statusLine();
        assertTrue(status.startsWith(String.format(Locale.getDefault(), "instruction %,d ", v.instructionsRetired())),
                () -> where + ": status '" + status + "' at instruction " + v.instructionsRetired());
        assertTrue(status.contains("ring " + v.ring() + " (" + now.label() + ")"),
                () -> where + ": status '" + status + "' in ring " + v.ring());
        // the rings: the token is headed where the view is; each ring says who lives there
        assertEquals(v.ring(), w.ringView().targetRing(), where + ": the token's ring");
        w.ringView().ringLabels().forEach((ring, label) -> assertEquals(ringLabel(layout, ring), label,
                where + ": ring " + ring + "'s label"));
        assertEquals(layout.hasRootRing(), w.ringView().hasHypervisorRing(), where + ": ring -1 drawn");
        // the narration: always something, never a null, and about the right party
        String sentence = w.narrationView().sentence();
        assertFalse(sentence == null || sentence.isBlank(), where + ": no narration");
        assertFalse(w.narrationView().why() == null || w.narrationView().why().isBlank(), where + ": no why");
        assertFalse(sentence.contains("null"), () -> where + ": " + sentence);
        if (v.position() == 0) {
            assertTrue(sentence.startsWith("The machine is ready"), () -> where + ": before the first event: " + sentence);
        } else if (v.current() != null && sentence.contains(" executed `")) {
            Party who = layout.at(v.current().cpl());
            assertTrue(sentence.startsWith("The " + who.label() + " executed `") && sentence.contains(" in ring "
                    + v.current().cpl() + "."), () -> where + ": " + sentence);
        }
        // the code view: the current line is the current instruction's
        CodeLine line = w.codeView().currentLine();
        if (v.current() != null && line != null) {
            long eip = Integer.toUnsignedLong(v.current().eip());
            long start = Integer.toUnsignedLong(line.address());
            assertTrue(eip >= start && eip < start + Math.max(1, line.length()),
                    () -> where + ": the code view marks " + line + " for EIP " + Long.toHexString(eip));
        }
        // the registers: what the panel shows is the view's, and CS's RPL is the ring the guest code is in
        Integer cs = v.registers().get(ArchRegister.CS);
        String shownCs = w.registerPanel().shown(ArchRegister.CS);
        assertNotNull(shownCs);
        if (cs != null) {
            assertTrue(shownCs.startsWith(String.format("%04X", cs & 0xFFFF)), where + ": CS shown " + shownCs);
            if (v.current() != null && v.ring() >= 0 && v.lastEvent().kind() != EventKind.RING_TRANSITION
                    && atBoundary(v) && !now.hostSide()) {
                assertEquals(v.ring(), cs & 3, () -> where + ": CS " + Integer.toHexString(cs) + " in ring " + v.ring());
            }
        }
        // the technique is the same everywhere it is named
        assertTrue(w.vmmPanel().headingText().startsWith(setup.technique().title()), where + ": VMM tab");
        assertEquals(setup, w.setup(), where);
    }

    /** What a ring is labelled with: its party, and under a hosted or KVM host ring −1 names every party of VMX root. */
    private static String ringLabel(RingOccupancy layout, int ring) {
        if (ring < 0 && layout.hosted() && layout.hasRootRing()) {
            List<String> root = new ArrayList<>();
            layout.onHostSide(0).forEach(p -> root.add(p.label()));
            layout.onHostSide(3).forEach(p -> root.add(p.label()));
            return String.join(" · ", root);
        }
        return layout.occupied(ring) ? layout.at(ring).label() : "";
    }

    /** At the end of an instruction's step (the moves stop there; event seeks may stop inside one). */
    private static boolean atBoundary(MachineView v) {
        Event last = v.lastEvent().event();
        return last instanceof Event.InstructionRetired || last instanceof Event.RegisterWrite;
    }
}
