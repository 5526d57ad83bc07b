package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison lines up what is comparable: aligned by milestones (the k-th system call), every run
 * — the paravirtual kernel included, which is another build — shows the same user instruction at
 * each milestone, on every sample. On the x86 ISA a run that met a virtualization hole may depart
 * (that is what the hole means); until its first hole it lines up too.
 */
class MilestoneAlignmentTest {

    static final int MILESTONES = 60;

    static Stream<Arguments> samples() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String dir : new String[] {"samples/user", "samples/guests", "samples/bench"}) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".asm")).sorted().toList()) {
                    all.add(Arguments.of(p, true));
                    all.add(Arguments.of(p, false));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, strict ISA {1}")
    @MethodSource("samples")
    void atEveryMilestoneEveryRunShowsTheSameUserInstruction(Path sample, boolean strict) throws Exception {
        List<Playback> runs = new ArrayList<>();
        for (Technique t : Technique.values()) {
            byte[] image = dev.ringscope.asm.MiniOs.isUserProgram(sample) ? GuestImages.of(sample, t)
                    : new dev.ringscope.asm.Assembler().assembleFile(sample).bytes();
            runs.add(Playback.live(RunSetup.of(t, strict, CostModel.P4_2006).boot(image)));
        }
        Lockstep l = new Lockstep(runs, 0);
        assertEquals(Lockstep.Mode.MILESTONES, l.mode(), "the comparison's default");
        int compared = 0;
        for (int k = 1; k <= MILESTONES; k++) {
            l.step(0);
            MachineView nat = l.views().get(0);
            if (nat.count(EventKind.SYSTEM_CALL) < k) {
                break; // native has made its last system call
            }
            Event.SystemCall call = lastSystemCall(nat);
            for (int i = 1; i < runs.size(); i++) {
                MachineView v = l.views().get(i);
                String who = sample.getFileName() + " under " + Technique.values()[i].id() + (strict ? " strict" : "")
                        + " at system call " + k;
                if (!strict && v.count(EventKind.VIRTUALIZATION_HOLE) > 0) {
                    continue; // departed through a hole, and said so
                }
                assertEquals(k, v.count(EventKind.SYSTEM_CALL), who + ": reached it");
                Lockstep.Progress p = l.sinceMilestone(i);
                assertTrue(p.atMilestone(), who + ": stopped at it");
                assertEquals(nat.current().eip(), v.current().eip(), who + ": the same user instruction");
                assertEquals(HexFormat.of().formatHex(nat.current().bytes()), HexFormat.of().formatHex(v.current().bytes()),
                        who);
                Event.SystemCall other = lastSystemCall(v);
                assertEquals(call.number(), other.number(), who + ": the same service");
                assertEquals(call.via(), other.via(), who);
                assertTrue(nat.console().text().startsWith(v.console().text())
                        || v.console().text().startsWith(nat.console().text()), who + ": the same output so far");
                compared++;
            }
        }
        // a program that makes system calls natively (leak.asm and popf.asm on the strict ISA are killed by
        // their first, trapping, instruction; hostile.asm is a bare kernel) has its milestones compared
        boolean makesSystemCalls = l.views().get(0).count(EventKind.SYSTEM_CALL) > 0;
        assertTrue(!makesSystemCalls || compared > 0, sample + ": no milestone compared");
    }

    private static Event.SystemCall lastSystemCall(MachineView v) {
        Event.SystemCall found = null;
        for (Event e : v.step().events()) {
            if (e instanceof Event.SystemCall s) {
                found = s;
            }
        }
        assertTrue(found != null, "a milestone's step holds its system call");
        return found;
    }
}
