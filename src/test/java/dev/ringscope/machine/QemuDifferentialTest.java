package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ringscope.asm.Program;
import dev.ringscope.machine.differential.Differential;
import dev.ringscope.machine.differential.Differential.Image;
import dev.ringscope.machine.differential.Differential.Mismatch;
import dev.ringscope.machine.differential.Differential.Outcome;
import dev.ringscope.machine.differential.GuestSource;
import dev.ringscope.machine.differential.InstructionTable;
import dev.ringscope.machine.differential.Sequence;
import dev.ringscope.machine.differential.SequenceGenerator;
import dev.ringscope.testing.Nasm;
import dev.ringscope.testing.Qemu;
import dev.ringscope.testing.ReferenceTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random instruction sequences (from {@link InstructionTable}) with random registers, flags and memory,
 * run in a Multiboot guest on QEMU and on RingScope: the registers, EFLAGS, a checksum of the memory
 * they touch and any exception must be the same after every sequence, interpreted (first run) and
 * compiled (last run). Flags the SDM leaves undefined are compared too: RingScope does what QEMU does.
 *
 * <p>In {@code mvn verify} (and CI) a fixed seed and a bounded count; a longer run with any seed:
 * <pre>mvn -B -o test -Dtest=QemuDifferentialTest -Ddiff.seed=123 -Ddiff.count=20000</pre>
 * ({@code -Ddiff.from=N} starts at sequence N: {@code -Ddiff.from=17 -Ddiff.count=1} runs a reported one alone;
 * {@code -Ddiff.reported=K} reports and shrinks the first K mismatches, 3 by default; {@code -Ddiff.perImage=M}
 * puts M sequences in each guest, 200 by default). Where QEMU cannot be the reference, the table says so
 * ({@link InstructionTable}).
 */
class QemuDifferentialTest {

    /** The run in {@code mvn verify}: a few seconds of work. */
    static final long CI_SEED = 20261206L;
    static final int CI_COUNT = 600;
    static final long SEED = Long.getLong("diff.seed", CI_SEED);
    static final int COUNT = Integer.getInteger("diff.count", CI_COUNT);
    static final int FROM = Integer.getInteger("diff.from", 0);
    static final int PER_IMAGE = Integer.getInteger("diff.perImage", 200);
    /** Mismatches reported in full (each shrunk); the rest are counted. */
    static final int REPORTED = Integer.getInteger("diff.reported", 3);

    @Test
    void randomSequencesEndAsOnQemu(@TempDir Path dir) throws Exception {
        Qemu.require();
        boolean crossCheck = Nasm.available() || ReferenceTools.inCi();
        if (crossCheck) {
            Nasm.require();
        }
        SequenceGenerator generator = new SequenceGenerator(InstructionTable.templates(), GuestSource.REGION);
        // every image assembled first, so QEMU and NASM work on them in the background while RingScope runs
        List<Image> images = new ArrayList<>();
        for (int start = FROM; start < FROM + COUNT; start += PER_IMAGE) {
            images.add(Differential.prepare(IntStream.range(start, Math.min(FROM + COUNT, start + PER_IMAGE))
                    .mapToObj(i -> generator.generate(SEED, i)).toList()));
        }
        List<CompletableFuture<String>> qemu = images.stream().map(image -> Differential.qemuLater(image, dir)).toList();
        List<CompletableFuture<byte[]>> nasm = images.stream().map(image -> crossCheck
                ? Differential.later(() -> Nasm.assemble(image.source(), dir)) : CompletableFuture.completedFuture(image.bytes()))
                .toList();
        List<String> reports = new ArrayList<>();
        int mismatches = 0;
        for (int i = 0; i < images.size(); i++) {
            Outcome o = Differential.check(images.get(i), qemu.get(i));
            assertSameBytes(o, nasm.get(i).get());
            if (!o.complete()) {
                fail("seed " + SEED + ", sequences from " + images.get(i).sequences().get(0).index()
                        + ": a run did not reach the guest's end; RingScope: " + o.ours().ending()
                        + "\nRingScope's console ends:\n" + tail(o.ours().text()) + "\nQEMU's console ends:\n" + tail(o.qemu()));
            }
            assertTrue(o.ours().compiledRuns() > 0, "RingScope compiled no block: the last runs were interpreted too");
            for (Mismatch m : o.mismatches()) {
                if (++mismatches <= REPORTED) {
                    reports.add(report(m, dir));
                }
            }
        }
        int total = mismatches;
        assertTrue(reports.isEmpty(), () -> total + " of " + COUNT + " sequences (seed " + SEED + ") end differently"
                + " on QEMU and RingScope; the first " + reports.size() + ":\n\n" + String.join("\n", reports));
    }

    /** A line added to the table runs in CI: the CI run's sequences use every line of the table. */
    @Test
    void theCiSequencesUseEveryLineOfTheTable() {
        List<InstructionTable.Template> templates = InstructionTable.templates();
        SequenceGenerator generator = new SequenceGenerator(templates, GuestSource.REGION);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < CI_COUNT; i++) {
            generator.generate(CI_SEED, i).steps().forEach(step -> used.add(step.template()));
        }
        List<String> unused = templates.stream().map(InstructionTable.Template::line).distinct()
                .filter(line -> !used.contains(line)).toList();
        assertTrue(unused.isEmpty(), () -> "table lines no sequence of the CI run uses: " + unused);
    }

    private static String report(Mismatch m, Path dir) throws Exception {
        Sequence q = m.sequence();
        StringBuilder s = new StringBuilder();
        s.append("sequence ").append(q.index()).append(" (seed ").append(SEED).append(") differs in run ")
                .append(String.join(", ", m.runs())).append(" (run 1 interpreted, run ").append(GuestSource.RUNS)
                .append(" with compiled blocks): ").append(m.differences()).append('\n');
        s.append("start: ").append(q.initial()).append('\n');
        s.append(q.listing());
        m.runs().forEach(run -> s.append("QEMU      ").append(run).append(' ').append(m.qemu().get(run)).append('\n')
                .append("RingScope ").append(run).append(' ').append(m.ours().get(run)).append('\n'));
        Sequence small = Differential.shrink(q, dir);
        if (small.instructionCount() < q.instructionCount()) {
            s.append("still differs with ").append(small.instructionCount()).append(" instruction(s):\n").append(small.listing());
            Differential.check(List.of(small), dir).mismatches().stream().findFirst()
                    .ifPresent(sm -> s.append("  -> ").append(sm.differences()).append('\n'));
        }
        s.append("run it alone: mvn -B -o test -Dtest=QemuDifferentialTest -Ddiff.seed=").append(SEED)
                .append(" -Ddiff.from=").append(q.index()).append(" -Ddiff.count=1\n");
        return s.toString();
    }

    /** RingScope's assembler must give NASM's bytes, or the two machines would not run the same guest. */
    private static void assertSameBytes(Outcome o, byte[] nasm) {
        byte[] ours = o.image();
        int n = Math.min(ours.length, nasm.length);
        for (int i = 0; i < n; i++) {
            if (ours[i] != nasm[i]) {
                fail("RingScope's assembler and NASM differ at image offset 0x" + Integer.toHexString(i) + ": "
                        + lineAt(o, i));
            }
        }
        if (ours.length != nasm.length) {
            fail("RingScope's assembler wrote " + ours.length + " bytes, NASM " + nasm.length);
        }
    }

    private static String lineAt(Outcome o, int offset) {
        try {
            Program p = Differential.assemble(o.source());
            Program.SourceMapEntry e = p.lineAt(p.origin() + offset);
            return e == null ? "(no source line)" : e.text();
        } catch (Exception e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static String tail(String console) {
        return console.substring(Math.max(0, console.length() - 600));
    }
}
