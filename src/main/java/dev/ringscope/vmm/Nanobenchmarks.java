package dev.ringscope.vmm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nanobenchmarks of Adams &amp; Agesen (ASPLOS 2006, §6.4), as {@code samples/bench/*.asm} run them
 * on the mini OS, measured the way the README reports them: the cycles of a run with
 * {@code ITERATIONS=2000} minus those of one with 1000, over 1000 — the cost of one iteration
 * (RingScope's cycles are deterministic, so the difference is exact), with the timer at its slowest. One class makes both the
 * README's table ({@code ringscope bench --paper}) and the figures {@code PaperOrderingTest} checks.
 */
public final class Nanobenchmarks {

    /** The techniques in the table's column order. */
    public static final List<Technique> COLUMNS = List.of(Technique.NATIVE, Technique.BINARY_TRANSLATION,
            Technique.HARDWARE_ASSISTED, Technique.TRAP_EMULATE, Technique.PARAVIRTUAL);

    /** Within this factor two figures count as about equal in an ordering (the paper calls 1,014 against 889 "near native"). */
    static final double ABOUT_EQUAL = 1.2;

    /**
     * One test and the paper's figures for it (REFERENCE.md §6; "~" where derived from its words).
     *
     * @param paperOrder the order the paper's native, BT and VT-x figures fall in, in {@link #order}'s notation
     */
    public record Test(String name, String paperNative, String paperBt, String paperVtx, String paperOrder) {
    }

    public static final List<Test> TESTS = List.of(
            new Test("syscall", "", "native + ~2,000", "≈ native", "native ≈ VT-x < BT"),
            new Test("in", "3,209", "~214", "15,826", "BT < native < VT-x"),
            new Test("cr8wr", "~140", "35", "≈ native", "BT < native ≈ VT-x"),
            new Test("callret", "11", "51", "11", "native ≈ VT-x < BT"),
            new Test("pgfault", "1,093", "3,927", "11,242", "native < BT < VT-x"),
            new Test("divzero", "889", "3,223", "1,014", "native ≈ VT-x < BT"),
            new Test("ptemod", "~1", "391", "12,733", "native < BT < VT-x"));

    /** Builds a benchmark's mini-OS image for a technique with {@code ITERATIONS} set. */
    @FunctionalInterface
    public interface Builder {
        byte[] image(String test, int iterations, Technique technique) throws Exception;
    }

    /** Cycles per iteration of one test under each technique. */
    public record Row(Test test, Map<Technique, Double> cycles) {

        public double of(Technique t) {
            return cycles.get(t);
        }

        /** The order of native, BT and VT-x, e.g. {@code native < VT-x < BT}. */
        public String order() {
            return Nanobenchmarks.order(Map.of("native", of(Technique.NATIVE), "BT", of(Technique.BINARY_TRANSLATION),
                    "VT-x", of(Technique.HARDWARE_ASSISTED)));
        }

        public boolean matchesPaper() {
            return order().equals(test.paperOrder());
        }
    }

    private Nanobenchmarks() {
    }

    /**
     * The macros a benchmark is built with: {@code ITERATIONS}; the slowest timer (a tick every 65,535
     * instructions), because the paper's tests took no interrupts and a tick that falls in the longer
     * run only would be charged to the test (under VT-x a tick is several exits); PARAVIRT for a
     * paravirtual run.
     */
    public static Map<String, String> defines(int iterations, Technique technique) {
        return technique.guestDefines(Map.of("ITERATIONS", Integer.toString(iterations),
                "PIT_DIVISOR", Integer.toString(SLOWEST_TIMER)));
    }

    /** The largest 16-bit count the 8254 takes as a number (0 would mean 65,536). */
    static final int SLOWEST_TIMER = 65535;

    /** Every test under every technique of {@link #COLUMNS} with {@code cost}. */
    public static List<Row> measure(Builder builder, CostModel cost) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Test test : TESTS) {
            rows.add(measure(builder, test, cost));
        }
        return rows;
    }

    public static Row measure(Builder builder, Test test, CostModel cost) throws Exception {
        Map<Technique, Double> cycles = new EnumMap<>(Technique.class);
        for (Technique t : COLUMNS) {
            long small = run(builder, test.name(), 1000, t, cost);
            long large = run(builder, test.name(), 2000, t, cost);
            cycles.put(t, (large - small) / 1000.0);
        }
        return new Row(test, cycles);
    }

    private static long run(Builder builder, String test, int iterations, Technique t, CostModel cost)
            throws Exception {
        GuestRun r = Comparison.runOne(builder.image(test, iterations, t), t, cost, false,
                VmcsControls.forPreset(cost), 50_000_000);
        if (!r.stop().label().equals("exit") || r.exitValue() != 0) {
            throw new IllegalStateException(test + " (ITERATIONS=" + iterations + ") under " + t.id()
                    + " did not pass its own checks: " + r.stop().label() + " " + r.exitValue() + "\n" + r.console());
        }
        return r.cycles();
    }

    /**
     * Names sorted by their figures, cheapest first, joined by {@code <}, or by {@code ≈} where the
     * next is within {@link #ABOUT_EQUAL} of the one before ({@code 0} and {@code 0} are equal).
     * Ties in the sort go by name, so the text is stable.
     */
    static String order(Map<String, Double> figures) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(figures.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                Comparator.comparing(Nanobenchmarks::columnRank))));
        StringBuilder s = new StringBuilder(sorted.get(0).getKey());
        for (int i = 1; i < sorted.size(); i++) {
            double before = sorted.get(i - 1).getValue();
            double now = sorted.get(i).getValue();
            s.append(now <= before * ABOUT_EQUAL ? " ≈ " : " < ").append(sorted.get(i).getKey());
        }
        return s.toString();
    }

    private static int columnRank(String name) {
        return switch (name) {
            case "native" -> 0;
            case "VT-x" -> 1;
            default -> 2;
        };
    }

    /** The README's table for one preset: RingScope's figures with the paper's in brackets, and both orders. */
    public static String markdown(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| test | native | binary translation | hardware assist | trap-emulate | paravirtual | order here | "
                + "the paper's order |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Test t = r.test();
            s.append("| ").append(t.name())
                    .append(" | ").append(cell(r.of(Technique.NATIVE), t.paperNative()))
                    .append(" | ").append(cell(r.of(Technique.BINARY_TRANSLATION), t.paperBt()))
                    .append(" | ").append(cell(r.of(Technique.HARDWARE_ASSISTED), t.paperVtx()))
                    .append(" | ").append(cell(r.of(Technique.TRAP_EMULATE), ""))
                    .append(" | ").append(cell(r.of(Technique.PARAVIRTUAL), ""))
                    .append(" | ").append(r.order())
                    .append(" | ").append(r.matchesPaper() ? "the same" : t.paperOrder())
                    .append(" |\n");
        }
        return s.toString();
    }

    private static String cell(double cycles, String paper) {
        String ours = String.format(Locale.ROOT, "%,d", Math.round(cycles));
        return paper.isEmpty() ? ours : ours + " [" + paper + "]";
    }
}
