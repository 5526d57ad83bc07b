package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.PhysicalMemory;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sample guests booted and run for the replay tests. */
final class Runs {

    private static final Map<String, byte[]> IMAGES = new ConcurrentHashMap<>();

    private Runs() {
    }

    /** The mini OS with samples/user/{name}.asm. */
    static byte[] image(String name) {
        return IMAGES.computeIfAbsent(name, n -> {
            try {
                return MiniOs.build(Path.of("samples/user/" + n + ".asm"), Map.of()).bytes();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build " + n, e);
            }
        }).clone();
    }

    static Machine boot(String name) {
        return bootImage(image(name));
    }

    static Machine bootImage(byte[] image) {
        try {
            Machine m = new Machine(MachineOptions.defaults());
            m.boot(image);
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A guest that loops forever: {@code spin: jmp spin}. */
    static byte[] spin() {
        return assemble("bits 32\norg 0x100000\nspin: jmp spin");
    }

    static byte[] assemble(String source) {
        try {
            return new Assembler().assemble("g.asm", source).bytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole run of a sample, recorded (at most a million instructions). */
    static Trace record(String name) {
        Machine m = boot(name);
        Trace trace = new Trace();
        m.setEventSink(trace);
        m.run(1_000_000);
        m.finishTrace();
        return trace;
    }

    /**
     * A sample run from boot to just after {@code instructions} instructions, by single steps, traced
     * (into nothing) so its event numbers are those of a recorded run.
     */
    static Machine freshRunTo(String name, long instructions) {
        Machine m = boot(name);
        m.setEventSink(e -> { });
        while (m.instructions() < instructions) {
            m.step();
        }
        return m;
    }

    /** Every field of the CPU a program or the machine can tell apart. */
    static List<Integer> cpuState(Cpu c) {
        List<Integer> s = new ArrayList<>();
        for (int r : c.reg) {
            s.add(r);
        }
        s.add(c.eip);
        s.add(c.eflags());
        for (int[] a : new int[][] {c.segSelector, c.segBase, c.segLimit, c.segAccess}) {
            for (int v : a) {
                s.add(v);
            }
        }
        s.addAll(List.of(c.cpl, c.cr0, c.cr2, c.cr3, c.cr4, c.gdtrBase, c.gdtrLimit, c.idtrBase, c.idtrLimit,
                c.ldtrSelector, c.ldtrBase, c.ldtrLimit, c.trSelector, c.trBase, c.trLimit, c.sysenterCs,
                c.sysenterEsp, c.sysenterEip));
        return s;
    }

    /** Fails at the first word of RAM where the two machines differ. */
    static void assertSameMemory(Machine expected, Machine actual) {
        PhysicalMemory a = expected.memory();
        PhysicalMemory b = actual.memory();
        assertEquals(a.size(), b.size(), "memory size");
        for (int addr = 0; addr < a.size(); addr += 4) {
            if (a.read32(addr) != b.read32(addr)) {
                fail(String.format("memory differs at 0x%08X: 0x%08X expected, 0x%08X", addr, a.read32(addr),
                        b.read32(addr)));
            }
        }
    }

    /** The events the machine emits over its next {@code steps} steps (it is traced from here on). */
    static List<Event> future(Machine m, int steps) {
        List<Event> events = new ArrayList<>();
        m.setEventSink(events::add);
        for (int i = 0; i < steps; i++) {
            m.step();
        }
        return events;
    }
}
