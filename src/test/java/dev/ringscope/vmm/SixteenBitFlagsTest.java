package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.Assembler;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PUSHFW and POPFW (66 9C, 66 9D) are the same virtualization holes as PUSHFD and POPFD, in the low
 * half of EFLAGS where IF and IOPL are: src/test/resources/guests/popfw.asm, a kernel that changes IF
 * and IOPL with them, must see under every technique and both instruction-set rules exactly what the
 * same kernel written with PUSHFD/POPFD sees, and natively what the SDM says.
 */
class SixteenBitFlagsTest {

    private static final Path GUEST = Path.of("src/test/resources/guests/popfw.asm");
    private static final String NATIVE = "IF=0 IOPL=0\nIF=1 IOPL=0\nIF=0 IOPL=3\nIF=1 IOPL=0\n";

    private record Outcome(Machine machine, List<Event> events) {
        List<String> instructions(Class<? extends Event> kind) {
            List<String> out = new ArrayList<>();
            for (Event e : events) {
                if (kind.isInstance(e) && e instanceof Event.VirtualizationHole h) {
                    out.add(h.instruction());
                } else if (kind.isInstance(e) && e instanceof Event.EmulatedInstruction x) {
                    out.add(x.instruction());
                }
            }
            return out;
        }
    }

    private static Outcome run(String source, Technique t, boolean strict) throws Exception {
        byte[] image = new Assembler().assemble("popf.asm", source).bytes();
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults().withStrictIsa(strict));
        Trace trace = new Trace();
        m.setEventSink(trace);
        m.boot(image);
        m.run(100_000);
        List<Event> events = new ArrayList<>();
        for (long i = 0; i < trace.size(); i++) {
            events.add(trace.get(i));
        }
        assertEquals(StopReason.EXIT, m.result().reason(), t + ": " + m.result().message());
        return new Outcome(m, events);
    }

    /** The same kernel with the 32-bit forms. */
    private static String thirtyTwoBit(String source) {
        return source.replace("push word", "push dword").replace("popfw", "popfd")
                .replace("pushfw\n        pop ax", "pushfd\n        pop eax");
    }

    static Stream<Arguments> techniques() {
        List<Arguments> cases = new ArrayList<>();
        for (Technique t : Technique.values()) {
            cases.add(Arguments.of(t, false));
            cases.add(Arguments.of(t, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, strict isa {1}")
    @MethodSource("techniques")
    void theSixteenBitFormsAreVirtualizedAsTheThirtyTwoBitOnesAre(Technique t, boolean strict) throws Exception {
        String source = Files.readString(GUEST);
        assertTrue(thirtyTwoBit(source).contains("popfd") && !thirtyTwoBit(source).contains("popfw"));
        Outcome sixteen = run(source, t, strict);
        Outcome thirtyTwo = run(thirtyTwoBit(source), t, strict);
        assertEquals(thirtyTwo.machine().console(), sixteen.machine().console(), t + " sees with popfw what it sees with popfd");
        switch (t) {
            case NATIVE, BINARY_TRANSLATION, HARDWARE_ASSISTED -> assertEquals(NATIVE, sixteen.machine().console(), t.toString());
            case TRAP_EMULATE -> {
                if (strict) {
                    // --isa strict: POPFW and PUSHFW trap in ring 1 and the VMM emulates them on the virtual CPU
                    assertEquals(NATIVE, sixteen.machine().console());
                    List<String> emulated = sixteen.instructions(Event.EmulatedInstruction.class);
                    assertTrue(emulated.contains("popfw") && emulated.contains("pushfw"), emulated.toString());
                } else {
                    // the x86 holes: in ring 1 the real IF stays 1 and IOPL 0, and the VMM can only report it
                    assertEquals("IF=1 IOPL=0\n".repeat(4), sixteen.machine().console());
                    List<String> holes = sixteen.instructions(Event.VirtualizationHole.class);
                    assertTrue(holes.contains("popfw") && holes.contains("pushfw"), holes.toString());
                }
            }
            case PARAVIRTUAL -> {
                // a kernel that does not use the paravirtual flag interface: its popfw, like its popfd, reaches
                // the VMM only under --isa strict, and the IOPL it asks for stays the hypervisor's
                assertEquals(strict ? "IF=0 IOPL=0\nIF=1 IOPL=0\nIF=0 IOPL=0\nIF=1 IOPL=0\n" : "IF=1 IOPL=0\n".repeat(4),
                        sixteen.machine().console());
            }
        }
        if (t == Technique.BINARY_TRANSLATION) {
            List<String> emulated = sixteen.instructions(Event.EmulatedInstruction.class);
            assertTrue(emulated.contains("popfw") && emulated.contains("pushfw"), "translated inline: " + emulated);
        }
    }
}
