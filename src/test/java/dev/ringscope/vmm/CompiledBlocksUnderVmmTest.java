package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.RunResult;
import dev.ringscope.testing.GuestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under a VMM, blocks are compiled too (storing the CPU before each memory access, where a monitor
 * may look at it); the run, the guest's memory and everything the VMM counted — traps, exits,
 * hypercalls, hidden page faults, traced page-table writes, cycles by category — must be exactly
 * those of the interpreted run. (That a monitor looking at the CPU from inside a block's memory access
 * sees the current state is checked with a recording monitor in {@code BlockCompilerTest}.)
 */
class CompiledBlocksUnderVmmTest {

    private record End(RunResult result, String console, int[] registers, int eflags, int[] memory, String stats,
            long compiledRuns) {
    }

    private static End run(Path program, Technique t, boolean compile, long instructions) throws Exception {
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults().withCompileBlocks(compile));
        m.boot(GuestImages.of(program, t));
        RunResult r = m.run(instructions);
        int[] words = new int[m.memory().size() / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = m.memory().read32(i * 4);
        }
        Vmm vmm = VirtualMachine.vmm(m);
        String stats = vmm == null ? "" : vmm.stats().asMap(m.cycles()).toString();
        return new End(r, m.console(), m.cpu().reg.clone(), m.cpu().eflags(), words, stats, m.compiledBlockRuns());
    }

    static Stream<Arguments> runs() {
        List<Arguments> all = new ArrayList<>();
        for (Technique t : Technique.values()) {
            for (String p : new String[] {"samples/user/tour.asm", "samples/user/preempt.asm", "samples/bench/ptemod.asm",
                    "samples/bench/workload.asm"}) {
                all.add(Arguments.of(t, p));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void compiledBlocksChangeNothingTheVmmSees(Technique t, String program) throws Exception {
        End interpreted = run(Path.of(program), t, false, 2_000_000);
        End compiled = run(Path.of(program), t, true, 2_000_000);
        assertEquals(interpreted.result, compiled.result);
        assertEquals(interpreted.console, compiled.console);
        assertEquals(Arrays.toString(interpreted.registers), Arrays.toString(compiled.registers));
        assertEquals(interpreted.eflags, compiled.eflags);
        assertEquals(interpreted.stats, compiled.stats, "what the VMM counted");
        assertEquals(-1, Arrays.mismatch(interpreted.memory, compiled.memory), "guest memory");
        if (program.endsWith("workload.asm")) {
            assertTrue(compiled.compiledRuns > 10_000, "the workload ran compiled: " + compiled.compiledRuns);
        }
    }
}
