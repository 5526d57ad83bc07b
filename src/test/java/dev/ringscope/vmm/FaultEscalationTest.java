package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ringscope.asm.Assembler;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.CpuFault;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.RunResult;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A fault while delivering a fault: every technique answers as the hardware does (SDM Vol. 3A §6.15,
 * Table 6-5) — a double fault, then a shutdown — and none recurses in the VMM. Found by hostile
 * guests: a paravirtual guest whose page-fault handler faulted again overflowed the JVM's stack.
 */
class FaultEscalationTest {

    /** A bare kernel that turns paging on with CR3 = 0 and no IDT: the fetch faults, its delivery faults, shutdown. */
    static final String ALL_OF_CR0 = String.join("\n",
            "bits 32",
            "org 0x00100000",
            "mb: dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)",
            "    dd mb, mb, 0, 0, start",
            "start: mov eax, 0xFFFFFFFF",
            "    mov cr0, eax",
            "    mov dx, 0xe9",
            "    mov al, 'x'",
            "    out dx, al",
            "    hlt", "");

    @Test
    void theEscalationRuleIsTableSixFive() {
        assertEquals(CpuFault.Escalation.DOUBLE_FAULT, CpuFault.escalation(CpuFault.GP, CpuFault.NP));
        assertEquals(CpuFault.Escalation.DOUBLE_FAULT, CpuFault.escalation(CpuFault.PF, CpuFault.PF));
        assertEquals(CpuFault.Escalation.DOUBLE_FAULT, CpuFault.escalation(CpuFault.PF, CpuFault.GP));
        assertEquals(CpuFault.Escalation.SERIALLY, CpuFault.escalation(CpuFault.GP, CpuFault.PF));
        assertEquals(CpuFault.Escalation.SERIALLY, CpuFault.escalation(CpuFault.UD, CpuFault.GP));
        assertEquals(CpuFault.Escalation.SERIALLY, CpuFault.escalation(0x80, CpuFault.NP));
        assertEquals(CpuFault.Escalation.SHUTDOWN, CpuFault.escalation(CpuFault.DF, CpuFault.PF));
        // every fault a delivery raises is contributory or #PF, so a delivery that keeps faulting shuts down
        // within four more faults, whatever came first: a VMM escalating by this rule cannot loop
        int[] deliveryFaults = {CpuFault.TS, CpuFault.NP, CpuFault.SS, CpuFault.GP, CpuFault.PF};
        for (int first = 0; first < 32; first++) {
            for (int sequence = 0; sequence < 5 * 5 * 5 * 5; sequence++) {
                int current = first;
                int steps = 0;
                boolean shutdown = false;
                for (int k = 0, rest = sequence; k < 4 && !shutdown; k++, rest /= 5) {
                    int second = deliveryFaults[rest % 5];
                    CpuFault.Escalation e = CpuFault.escalation(current, second);
                    shutdown = e == CpuFault.Escalation.SHUTDOWN;
                    current = e == CpuFault.Escalation.DOUBLE_FAULT ? CpuFault.DF : second;
                    steps++;
                }
                int v = first;
                int seq = sequence;
                assertTrue(shutdown, () -> "vector " + v + " then delivery faults #" + seq + " never shut down");
                assertTrue(steps <= 4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Technique.class)
    void aFaultWhileDeliveringADoubleFaultShutsDownUnderEveryTechnique(Technique technique) throws Exception {
        byte[] image = new Assembler().assemble("cr0.asm", ALL_OF_CR0).bytes();
        Machine m = RunSetup.of(technique, false, CostModel.P4_2006).boot(image);
        Trace trace = new Trace();
        m.setEventSink(trace);
        RunResult r = m.run(100_000);
        assertEquals(StopReason.SHUTDOWN, r.reason(), technique + ": " + r.message());
        assertTrue(r.message().startsWith("triple fault: #PF while "), r.message());
        List<Integer> vectors = new ArrayList<>();
        for (Event e : trace) {
            if (e instanceof Event.ExceptionRaised x) {
                vectors.add(x.vector());
            }
        }
        assertTrue(vectors.contains(CpuFault.DF), technique + ": the double fault is an event: " + vectors);
        assertEquals(CpuFault.PF, vectors.get(vectors.size() - 1), technique + ": the fault that shut it down");
    }

    /** Mini-OS images with bits flipped in the kernel: every technique ends each run, none throws. */
    @ParameterizedTest
    @EnumSource(Technique.class)
    void corruptedKernelsEndCleanlyUnderEveryTechnique(Technique technique) {
        byte[] clean = GuestImages.of(Path.of("samples/user/hello.asm"), technique);
        SplittableRandom random = new SplittableRandom(0x5EED + technique.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            byte[] image = clean.clone();
            int flips = 1 + random.nextInt(8);
            for (int k = 0; k < flips; k++) {
                int at = 64 + random.nextInt(Math.min(image.length, 0x3000) - 64); // past the Multiboot header
                image[at] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                Machine m = RunSetup.of(technique, false, CostModel.P4_2006).boot(image);
                RunResult r = m.run(100_000);
                assertNotNull(r.reason(), "every run ends with a reason");
                assertNotNull(r.message());
            } catch (BootException e) {
                // a flipped header is refused at boot, with a message
                assertNotNull(e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail(technique + ", trial " + trial + ": " + e, e);
            }
        }
    }
}
