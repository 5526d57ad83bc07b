package dev.ringscope.machine.differential;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.Program;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.RunResult;
import dev.ringscope.testing.Qemu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two machines and the comparison: an image of sequences assembled by RingScope's assembler, its
 * console on RingScope's machine, and what disagrees with QEMU's console, sequence by sequence.
 */
public final class Differential {

    /** Far more than an image of a few hundred sequences needs; a guest stuck in a loop stops here. */
    static final long INSTRUCTION_LIMIT = 500_000_000L;

    private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d+) (.*)");

    private Differential() {
    }

    /** The guest image, by RingScope's assembler. */
    public static Program assemble(String source) throws AsmException {
        return new Assembler().assemble("differential.asm", source);
    }

    /** What the guest prints on RingScope's machine (block compiler on: the last run of each sequence is compiled). */
    public static Console runRingScope(byte[] image) throws Exception {
        Machine machine = new Machine(MachineOptions.defaults());
        machine.boot(image);
        RunResult result = machine.run(INSTRUCTION_LIMIT);
        return new Console(machine.console(), result.reason() + ": " + result.message(), machine.compiledBlockRuns());
    }

    /**
     * A console and how the run ended.
     *
     * @param compiledRuns how many times RingScope ran a compiled block (0 would mean the last runs were not compiled)
     */
    public record Console(String text, String ending, long compiledRuns) {
        boolean complete() {
            return text.endsWith("end\n");
        }
    }

    /** The guest for {@code sequences}, assembled, run on both machines and compared. */
    public static Outcome check(List<Sequence> sequences, Path dir) throws Exception {
        Image image = prepare(sequences);
        return check(image, qemuLater(image, dir));
    }

    /** A guest ready to run: its sequences, its NASM source and RingScope's bytes for it. */
    public record Image(List<Sequence> sequences, String source, byte[] bytes) {
    }

    public static Image prepare(List<Sequence> sequences) throws AsmException {
        String source = GuestSource.of(sequences);
        return new Image(sequences, source, assemble(source).bytes());
    }

    private static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "qemu-differential");
        t.setDaemon(true);
        return t;
    });

    /** QEMU's console for the image, computed in the background (QEMU runs while RingScope does). */
    public static CompletableFuture<String> qemuLater(Image image, Path dir) {
        return later(() -> Qemu.boot(image.bytes(), dir, QEMU_SECONDS));
    }

    /** Work for the background threads (QEMU, NASM). */
    public static <T> CompletableFuture<T> later(Callable<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, BACKGROUND);
    }

    /** Runs the image on RingScope and compares with QEMU's console once it is there. */
    public static Outcome check(Image image, CompletableFuture<String> qemuConsole) throws Exception {
        Console ours = runRingScope(image.bytes());
        String qemu;
        try {
            qemu = qemuConsole.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        return new Outcome(image.source(), image.bytes(), ours, qemu, compare(image.sequences(), qemu, ours.text()));
    }

    /** Seconds QEMU may take for one image (it needs well under one). */
    static final int QEMU_SECONDS = 60;

    /** Both consoles of one image and the sequences on which they differ. */
    public record Outcome(String source, byte[] image, Console ours, String qemu, List<Mismatch> mismatches) {
        /** Both runs reached the guest's end: a mismatch is then about instructions, not about the harness. */
        public boolean complete() {
            return ours.complete() && qemu.endsWith("end\n");
        }
    }

    /**
     * The smallest sequence found that still disagrees: drop one instruction at a time while some
     * disagreement remains (each round is one image with every one-shorter candidate, one QEMU boot).
     */
    public static Sequence shrink(Sequence failing, Path dir) throws Exception {
        Sequence current = failing;
        boolean smaller = true;
        while (smaller && current.instructionCount() > 1) {
            smaller = false;
            List<Sequence> candidates = new ArrayList<>();
            for (int i = 0; i < current.steps().size(); i++) {
                if (!current.steps().get(i).isLabel()) {
                    candidates.add(current.without(i).renumbered(candidates.size()));
                }
            }
            Outcome o = check(candidates, dir);
            if (!o.complete()) {
                break;
            }
            if (!o.mismatches().isEmpty()) {
                current = o.mismatches().get(0).sequence().renumbered(failing.index());
                smaller = true;
            }
        }
        return current.withoutUnusedLabels();
    }

    /** The printed lines by "sequence.run". */
    static Map<String, String> lines(String console) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : console.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1) + "." + m.group(2), m.group(3));
            }
        }
        return out;
    }

    /**
     * One sequence on which the machines disagree.
     *
     * @param runs the runs whose lines differ ("1": interpreted, "53": with compiled blocks)
     */
    public record Mismatch(Sequence sequence, List<String> runs, Map<String, String> qemu, Map<String, String> ours) {

        /** The fields of the first differing run, with the flags named. */
        public String differences() {
            String run = runs.get(0);
            return fieldDifferences(qemu.get(run), ours.get(run));
        }
    }

    /** The sequences whose lines differ between the two consoles (a missing line differs too). */
    public static List<Mismatch> compare(List<Sequence> sequences, String qemuConsole, String ourConsole) {
        Map<String, String> qemu = lines(qemuConsole);
        Map<String, String> ours = lines(ourConsole);
        List<Mismatch> out = new ArrayList<>();
        for (Sequence q : sequences) {
            List<String> runs = new ArrayList<>();
            Map<String, String> qLines = new LinkedHashMap<>();
            Map<String, String> oLines = new LinkedHashMap<>();
            for (int run : new int[] {1, GuestSource.RUNS}) {
                String key = q.index() + "." + run;
                qLines.put(key, qemu.get(key));
                oLines.put(key, ours.get(key));
                if (qemu.get(key) == null || !qemu.get(key).equals(ours.get(key))) {
                    runs.add(key);
                }
            }
            if (!runs.isEmpty()) {
                out.add(new Mismatch(q, runs, qLines, oLines));
            }
        }
        return out;
    }

    /** "fl: OF (QEMU 1, RingScope 0); eax: 00000001 / 00000002". */
    static String fieldDifferences(String qemuLine, String ourLine) {
        if (qemuLine == null || ourLine == null) {
            return qemuLine == null ? "QEMU printed no line" : "RingScope printed no line";
        }
        Map<String, String> q = fields(qemuLine);
        Map<String, String> o = fields(ourLine);
        List<String> diffs = new ArrayList<>();
        for (String name : union(q, o)) {
            String a = q.get(name);
            String b = o.get(name);
            if (a != null && a.equals(b)) {
                continue;
            }
            if (name.equals("fl") && a != null && b != null) {
                diffs.add("fl: " + flagDifferences((int) Long.parseLong(a, 16), (int) Long.parseLong(b, 16)));
            } else {
                diffs.add(name + ": QEMU " + (a == null ? "-" : a) + ", RingScope " + (b == null ? "-" : b));
            }
        }
        return String.join("; ", diffs);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> names = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(names::add);
        return names;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : line.strip().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    private static final String[] FLAG_NAMES = new String[32];

    static {
        String[][] named = {{"0", "CF"}, {"2", "PF"}, {"4", "AF"}, {"6", "ZF"}, {"7", "SF"}, {"8", "TF"}, {"9", "IF"},
            {"10", "DF"}, {"11", "OF"}, {"12", "IOPL0"}, {"13", "IOPL1"}, {"14", "NT"}, {"16", "RF"}, {"17", "VM"},
            {"18", "AC"}, {"19", "VIF"}, {"20", "VIP"}, {"21", "ID"}};
        for (String[] n : named) {
            FLAG_NAMES[Integer.parseInt(n[0])] = n[1];
        }
    }

    /** "OF (QEMU 1, RingScope 0), AF (QEMU 0, RingScope 1)". */
    static String flagDifferences(int qemu, int ours) {
        List<String> out = new ArrayList<>();
        int diff = qemu ^ ours;
        for (int bit = 0; bit < 32; bit++) {
            if ((diff >>> bit & 1) != 0) {
                String name = FLAG_NAMES[bit] != null ? FLAG_NAMES[bit] : "bit " + bit;
                out.add(String.format(Locale.ROOT, "%s (QEMU %d, RingScope %d)", name, qemu >>> bit & 1, ours >>> bit & 1));
            }
        }
        return String.join(", ", out);
    }
}
