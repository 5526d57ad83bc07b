package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.asm.Program;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RDTSC reads the machine's simulated cycle counter (SDM Vol. 2B RDTSC; the clock of the cost
 * model), and no technique offsets or scales it: ring-3 code that runs directly takes the same
 * cycles under every technique, and a system call between two reads shows the guest the VMM's work
 * too. (VT-x can make RDTSC exit, rdtsc-exiting, or offset it; RingScope's VMMs leave it alone.)
 */
class TimeStampCounterTest {

    private static final String PROGRAM = """
            %include "lib.inc"
            user_main:
                    rdtsc
                    mov esi, eax
                    times 10 nop
                    rdtsc
                    sub eax, esi
                    mov edi, eax            ; EDI: ten NOPs in ring 3
                    rdtsc
                    mov esi, eax
                    GETPID                  ; a system call
                    rdtsc
                    sub eax, esi
                    mov ebx, eax            ; EBX: the same across the kernel
                    mov eax, edi
            done:   jmp done
            """;

    /** EAX (the ring-3 delta) and EBX (across a system call) once the program sits in its last loop. */
    private static int[] deltas(Technique t, Path source) throws Exception {
        Program program = MiniOs.build(source, t.guestDefines(Map.of())); // the PV kernel is another build
        Machine m = RunSetup.of(t, false, CostModel.P4_2006).boot(program.bytes());
        int done = (int) (long) program.symbol("done");
        m.run(500_000);
        Cpu cpu = m.cpu();
        for (int i = 0; i < 100_000 && !(cpu.cpl == 3 && cpu.eip == done); i++) {
            m.step();
        }
        assertEquals(done, cpu.eip, t + ": the program's last loop");
        return new int[] {cpu.reg[0], cpu.reg[3]};
    }

    @Test
    void theGuestSeesTheSimulatedCyclesWithTheVmmsWorkIncluded(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("samples/user/lib.inc"), dir.resolve("lib.inc"));
        Path program = dir.resolve("tsc.asm");
        Files.writeString(program, PROGRAM);
        Map<Technique, int[]> seen = new EnumMap<>(Technique.class);
        for (Technique t : Technique.values()) {
            seen.put(t, deltas(t, program));
        }
        int[] nativeRun = seen.get(Technique.NATIVE);
        assertTrue(nativeRun[0] > 0 && nativeRun[1] > nativeRun[0], "time passes, more of it in the kernel");
        for (Technique t : Technique.values()) {
            assertEquals(nativeRun[0], seen.get(t)[0], t + ": ring-3 code runs directly and costs the same");
        }
        assertTrue(seen.get(Technique.TRAP_EMULATE)[1] > nativeRun[1],
                "under trap-and-emulate the system call's traps show in the guest's TSC");
    }
}
