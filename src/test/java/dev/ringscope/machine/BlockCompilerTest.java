package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.testing.Samples;
import dev.ringscope.trace.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The block compiler changes nothing but speed: every run here is made twice, interpreted and with
 * compiled blocks, and must end in the same machine — registers, EFLAGS, EIP, every byte of memory,
 * console, stop reason, instruction and cycle counts.
 */
class BlockCompilerTest {

    /** The machine's state at the end of a run, everything a compiled block could get wrong. */
    private record End(RunResult result, int[] registers, int eflags, int eip, int cpl, String console, int[] memory,
            long compiledRuns) {

        static End of(Machine m, RunResult r) {
            PhysicalMemory memory = m.memory();
            int[] words = new int[memory.size() / 4];
            for (int i = 0; i < words.length; i++) {
                words[i] = memory.read32(i * 4);
            }
            Cpu cpu = m.cpu();
            return new End(r, cpu.reg.clone(), cpu.eflags(), cpu.eip, cpu.cpl, m.console(), words, m.compiledBlockRuns());
        }

        void assertSameAs(End interpreted, String what) {
            assertEquals(interpreted.result, result, what + ": run result");
            assertEquals(Arrays.toString(interpreted.registers), Arrays.toString(registers), what + ": registers");
            assertEquals(Integer.toHexString(interpreted.eflags), Integer.toHexString(eflags), what + ": EFLAGS");
            assertEquals(Integer.toHexString(interpreted.eip), Integer.toHexString(eip), what + ": EIP");
            assertEquals(interpreted.cpl, cpl, what + ": CPL");
            assertEquals(interpreted.console, console, what + ": console");
            int diff = Arrays.mismatch(interpreted.memory, memory);
            assertEquals(-1, diff, () -> what + ": memory differs first at 0x" + Integer.toHexString(diff * 4)
                    + " (interpreted " + Integer.toHexString(interpreted.memory[diff]) + ", compiled "
                    + Integer.toHexString(memory[diff]) + ")");
        }
    }

    private static End run(byte[] image, boolean compile, long instructions) throws Exception {
        Machine m = new Machine(MachineOptions.defaults().withCompileBlocks(compile));
        m.boot(image);
        RunResult r = m.run(instructions);
        return End.of(m, r);
    }

    /** Runs {@code image} both ways, checks they agree, and returns the compiled run. */
    private static End bothWays(byte[] image, long instructions, String what) throws Exception {
        End interpreted = run(image, false, instructions);
        End compiled = run(image, true, instructions);
        assertEquals(0, interpreted.compiledRuns, "the reference run interprets");
        compiled.assertSameAs(interpreted, what);
        assertEquals(0, BlockCompiler.failures(), () -> "a block the compiler could not compile: " + BlockCompiler.firstFailure());
        return compiled;
    }

    private static byte[] flat(String source) throws Exception {
        return new Assembler().assemble("block.asm", "bits 32\norg 0x100000\n" + source).bytes();
    }

    static Stream<Path> programs() throws Exception {
        return Samples.programs();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void everySampleEndsTheSameCompiled(Path program) throws Exception {
        bothWays(MiniOs.build(program, Map.of()).bytes(), 10_000_000, program.toString());
    }

    static Stream<Path> bareMetalGuests() throws Exception {
        return Stream.concat(ConformanceTest.guests(), Stream.of(Path.of("samples/guests/hostile.asm")));
    }

    @ParameterizedTest
    @MethodSource("bareMetalGuests")
    void everyConformanceGuestEndsTheSameCompiled(Path guest) throws Exception {
        bothWays(new Assembler().assembleFile(guest).bytes(), 10_000_000, guest.toString());
    }

    @Test
    void theBenchWorkloadEndsTheSameAndRunsCompiled() throws Exception {
        End compiled = bothWays(MiniOs.build(Path.of("samples/bench/workload.asm"), Map.of()).bytes(), 3_000_000,
                "workload");
        assertTrue(compiled.compiledRuns > 100_000, "the workload's loop runs compiled: " + compiled.compiledRuns);
    }

    /**
     * Instructions with the 0x67 prefix have no fast form, so they end a block and the interpreter runs
     * them; the loop around them still compiles, and the two ways end in the same machine.
     */
    @Test
    void aHotLoopWithSixteenBitAddressingEndsTheSameCompiled() throws Exception {
        End compiled = bothWays(flat("""
                    mov esp, 0x180000
                    mov edx, 2000
                    mov ebx, 0x12340000 + 0x8000
                    xor edi, edi
                top:
                    mov esi, 0x55550000 + 0x8000
                    mov ecx, 0x77770003
                    add eax, edx
                    xor eax, 0x5A5A
                    mov [bx+si+0x40], eax       ; 67: 0x8000 + 0x8000 + 0x40 wraps to 0x0040
                    add edi, [bx+0x10]
                    a16 rep lodsb
                    pushfw
                    popfw
                    jcxz .skip
                    inc edi
                .skip:
                    add edi, ecx
                    dec edx
                    jnz top
                    mov eax, edi
                    hlt
                """), 200_000, "a16 loop");
        assertEquals(StopReason.HALTED, compiled.result.reason(), compiled.result.message());
        assertTrue(compiled.compiledRuns > 0, "the loop's blocks compiled");
        assertEquals(0x77770000, compiled.registers[1], "a16 rep lodsb counted CX down, ECX's upper half kept");
    }

    @Test
    void aCompiledBlockThatWritesOverItsOwnCodeStopsAndTheNewBytesRun() throws Exception {
        // one block, compiled by iteration 50: its store goes to the data dword, except on iteration 80
        // (chosen without a branch, so the same block does it) where it adds the loop counter to the
        // immediate of the block's own next instruction, which must then run as rewritten
        End compiled = bothWays(flat("""
                    xor ecx, ecx
                    xor esi, esi
                again:
                    mov edi, data
                    mov eax, ecx
                    xor eax, 80
                    sub eax, 1              ; borrows only when ECX = 80
                    sbb eax, eax            ; -1 on iteration 80, else 0
                    and eax, patch + 1 - data
                    add edi, eax
                    add [edi], ecx          ; not idempotent: run twice, it would add twice
                patch:
                    mov edx, 7
                    add esi, edx
                    inc ecx
                    cmp ecx, 100
                    jne again
                    cli
                    hlt
                data: dd 0
                """), 100_000, "self-modifying block");
        assertEquals(StopReason.HALTED, compiled.result.reason());
        assertEquals(80 * 7 + 20 * (7 + 80), compiled.registers[6], "ESI: 7 eighty times, then the patched 87");
        assertTrue(compiled.compiledRuns >= 30, "the block ran compiled before it was rewritten");
    }

    @Test
    void aFaultInsideACompiledBlockLeavesTheStateFromBeforeTheFaultingInstruction() throws Exception {
        // a ring-3 loop whose store reaches kernel memory on its 90th iteration (the address chosen without
        // a branch, so the one block does it): the page fault is taken in the middle of a compiled block
        // that has already changed registers and flags. The machines are compared instruction by
        // instruction through the kernel's entry (it pushes the frame and every register)
        Path program = Files.createTempFile("fault-in-block", ".asm");
        try {
            Files.writeString(program, """
                    %include "lib.inc"
                    user_main:
                            xor     ecx, ecx
                    .loop:
                            mov     edi, buffer
                            mov     ebx, ecx
                            xor     ebx, 90
                            sub     ebx, 1               ; borrows only when ECX = 90
                            sbb     ebx, ebx
                            and     ebx, 0x1000 - buffer ; kernel memory: supervisor-only
                            add     edi, ebx
                            add     eax, ecx
                            sub     edx, 3
                            xor     ebp, eax
                            mov     [edi], ecx           ; faults on iteration 90
                            inc     ecx
                            add     eax, 5
                            cmp     ecx, 200
                            jne     .loop
                            EXIT    0
                    buffer: dd 0
                    """);
            byte[] image = MiniOs.build(program, Map.of()).bytes();
            Machine stepper = new Machine(MachineOptions.defaults().withCompileBlocks(false));
            stepper.boot(image);
            while (stepper.counters().exceptions() == 0 && !stepper.stopped()) {
                stepper.run(1);
            }
            long faultedAt = stepper.counters().instructions();
            assertTrue(stepper.counters().exceptionsByName().containsKey("#PF"), stepper.console());
            for (long limit = faultedAt; limit <= faultedAt + 40; limit++) {
                End interpreted = run(image, false, limit);
                End compiled = run(image, true, limit);
                compiled.assertSameAs(interpreted, "after " + limit + " instructions");
                assertTrue(compiled.compiledRuns > 0);
            }
            End end = bothWays(image, 10_000_000, "fault in block");
            assertTrue(end.console.contains("killed: page fault at 0x00001000"), end.console);
        } finally {
            Files.deleteIfExists(program);
        }
    }

    @Test
    void aBlockCutShortByTheInstructionLimitRunsInterpreted() throws Exception {
        byte[] image = MiniOs.build(Path.of("samples/bench/workload.asm"), Map.of()).bytes();
        for (long limit : new long[] {1_000_003, 1_000_007, 1_234_567}) {
            End interpreted = run(image, false, limit);
            End compiled = run(image, true, limit);
            compiled.assertSameAs(interpreted, "limit " + limit);
            assertEquals(limit, compiled.result.instructions());
        }
    }

    /**
     * Every condition after every flag-setting instruction the compiler follows (register and memory
     * forms), on edge values, and the carry that ADC/SBB and INC/DEC read after each: one block per
     * case, run 300 times over 49 value pairs (a taken and a fall-through path each get hot enough to be
     * compiled), each decision recorded with the iteration's weight.
     */
    @Test
    void everyConditionAndCarryAfterEveryFlagSetterAgrees() throws Exception {
        int[] edges = {0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 0x7F, 0x80};
        StringBuilder pairs = new StringBuilder("pairs:\n");
        for (int x : edges) {
            for (int y : edges) {
                pairs.append("    dd ").append(x).append(", ").append(y).append('\n');
            }
        }
        StringBuilder body = new StringBuilder();
        int k = 0;
        String[] setters = {"cmp eax, edx", "sub eax, edx", "add eax, edx", "adc eax, edx", "sbb eax, edx",
                "and eax, edx", "or eax, edx", "xor eax, edx", "test eax, edx", "inc eax", "dec eax",
                "cmp [edi], edx", "sub [edi], edx", "add [edi], edx", "adc [edi], edx", "sbb [edi], edx",
                "and [edi], edx", "test [edi], edx", "cmp eax, [edi + 4]", "add eax, [edi + 4]"};
        for (String set : setters) {
            for (String cc : CONDITIONS) {
                body.append("""
                            mov eax, [esi + ebx*8]
                            mov edx, [esi + ebx*8 + 4]
                            mov [edi], eax
                            mov [edi + 4], edx
                            %s
                            j%s .s%d
                            add [edi + %d], ecx
                        .s%d:
                        """.formatted(set, cc, k, 8 + 4 * k, k));
                k++;
            }
            // each carry read lands in a tally of its own (in one sum, an ADC's error and an SBB's cancel)
            for (String reader : new String[] {"adc ebp, 0", "sbb ebp, 0", "inc eax\nadc ebp, 0", "dec eax\nsbb ebp, 0"}) {
                body.append("""
                            mov eax, [esi + ebx*8]
                            mov edx, [esi + ebx*8 + 4]
                            mov [edi], eax
                            mov [edi + 4], edx
                            mov ebp, ecx
                            %s
                            %s
                            add [edi + %d], ebp
                            add [edi + %d], eax
                        """.formatted(set, reader, 8 + 4 * k, 12 + 4 * k));
                k += 2;
            }
        }
        String source = """
                    mov esi, pairs
                    mov edi, tally
                    xor ebx, ebx
                    xor ecx, ecx
                    xor ebp, ebp
                top:
                %s
                    inc ebx
                    cmp ebx, 49
                    jne .same
                    xor ebx, ebx
                .same:
                    inc ecx
                    cmp ecx, 300
                    jne top
                    cli
                    hlt
                %s
                tally: times %d dd 0
                """.formatted(body, pairs, 2 + k);
        End compiled = bothWays(flat(source), 5_000_000, "condition matrix");
        assertEquals(StopReason.HALTED, compiled.result.reason(), compiled.result.message());
        assertTrue(compiled.compiledRuns > 50_000, "the cases ran compiled: " + compiled.compiledRuns);
    }

    /** A monitor that changes nothing and notes the CPU each time the page walker reports to it. */
    private static final class WalkRecorder implements Monitor {
        private final Machine machine;
        final List<String> seen = new java.util.ArrayList<>();

        WalkRecorder(Machine machine) {
            this.machine = machine;
        }

        @Override
        public void pageWalked(int linear, boolean write) {
            Cpu cpu = machine.cpu();
            seen.add(Integer.toHexString(linear) + (write ? " w" : " r") + " esp=" + Integer.toHexString(cpu.reg[4])
                    + " eflags=" + Integer.toHexString(cpu.eflags()) + " regs=" + Arrays.toString(cpu.reg));
        }

        @Override public void attach(Hardware hardware) { }
        @Override public void booted() { }
        @Override public dev.ringscope.trace.RingOccupancy rings() { return dev.ringscope.trace.RingOccupancy.NATIVE; }
        @Override public boolean guestInterruptsEnabled() { return (machine.cpu().eflags() & Cpu.IF) != 0; }
        @Override public boolean exception(CpuFault fault, int faultingEip, int returnEip) { return false; }
        @Override public boolean softwareInterrupt(int vector, int nextEip, String label) { return false; }
        @Override public boolean externalInterrupt(int irq, int vector) { return false; }
        @Override public boolean sensitiveInstruction(int eip, dev.ringscope.isa.Instruction i, byte[] b) { return false; }
        @Override public boolean watchesCode(int cpl) { return false; }
        @Override public boolean kernelInstruction(int eip, dev.ringscope.isa.Instruction i, byte[] b) { return false; }
        @Override public void watchedWrite(int physical, int size) { }
        @Override public void codeWritten(int physical, int length) { }
        @Override public Object save() { return null; }
        @Override public void restore(Object state) { }
    }

    /**
     * A monitor may look at the CPU from inside a memory access (a VMM's shadow-page miss records the
     * guest state): it must see the state of that instruction, not the block's start. Two pages that
     * share a TLB slot, touched in turn, make every access of the block a page walk.
     */
    @Test
    void aMonitorLookingFromInsideACompiledBlockSeesTheCurrentState() throws Exception {
        byte[] image = flat(FlatGuests.PAGING_4MIB + """
                    mov ecx, 200
                top:
                    push ecx
                    add eax, ecx
                    mov edx, [0x200000]         ; TLB slot 0x200 ...
                    sub ebx, eax
                    mov [0x600000], ebx         ; ... and the same slot: each access walks
                    pop esi
                    dec ecx
                    jnz top
                    cli
                    hlt
                align 4096
                pd: dd 0x83, 0x400083           ; 0-8 MiB identity, two 4 MiB pages
                    times 1022 dd 0
                """);
        List<List<String>> seen = new java.util.ArrayList<>();
        for (boolean compile : new boolean[] {false, true}) {
            Machine m = new Machine(MachineOptions.defaults().withCompileBlocks(compile));
            WalkRecorder recorder = new WalkRecorder(m);
            m.attach(recorder);
            m.boot(image);
            RunResult r = m.run(100_000);
            assertEquals(StopReason.HALTED, r.reason(), r.message());
            assertEquals(compile, m.compiledBlockRuns() > 100);
            seen.add(recorder.seen);
        }
        assertTrue(seen.get(0).size() > 400, "every access walked: " + seen.get(0).size());
        for (int i = 0; i < seen.get(0).size(); i++) {
            assertEquals(seen.get(0).get(i), seen.get(1).get(i), "walk " + i);
        }
        assertEquals(seen.get(0).size(), seen.get(1).size());
    }

    // ---------------------------------------------------------------- random blocks

    private static final String[] REGS = {"eax", "ebx", "ecx", "edx", "edi", "ebp"}; // not ESI (data), not ESP
    private static final String[] REG8 = {"al", "bl", "cl", "dl", "ah", "bh", "ch", "dh"};
    private static final String[] REG16 = {"ax", "bx", "cx", "dx", "di", "bp"};
    private static final String[] ALU = {"add", "adc", "sub", "sbb", "cmp", "and", "or", "xor"};
    private static final String[] LOCKABLE_ALU = {"add", "adc", "sub", "sbb", "and", "or", "xor"};
    private static final String[] SHIFTS = {"shl", "shr", "sar", "rol", "ror"};
    private static final String[] CONDITIONS = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np",
            "l", "ge", "le", "g"};

    private static Arbitrary<String> reg() {
        return Arbitraries.of(REGS);
    }

    private static Arbitrary<Integer> imm() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-128, 127), Arbitraries.integers(),
                Arbitraries.of(0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 31, 32));
    }

    /** A dword in the data area: [esi + 0..252]. */
    private static Arbitrary<String> mem() {
        return Arbitraries.integers().between(0, 63).map(i -> "[esi + " + (i * 4) + "]");
    }

    /** One instruction (or a short idiom) of the kinds a block may hold. */
    private static Arbitrary<String> line() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(reg(), reg()).as((a, b) -> "mov " + a + ", " + b),
                Combinators.combine(reg(), imm()).as((a, i) -> "mov " + a + ", " + i),
                Combinators.combine(reg(), mem()).as((a, m) -> "mov " + a + ", " + m),
                Combinators.combine(mem(), reg()).as((m, a) -> "mov " + m + ", " + a),
                Combinators.combine(mem(), imm()).as((m, i) -> "mov dword " + m + ", " + i),
                Combinators.combine(Arbitraries.of(ALU), reg(), reg()).as((op, a, b) -> op + " " + a + ", " + b),
                Combinators.combine(Arbitraries.of(ALU), reg(), imm()).as((op, a, i) -> op + " " + a + ", " + i),
                Combinators.combine(Arbitraries.of(ALU), reg(), mem()).as((op, a, m) -> op + " " + a + ", " + m),
                Combinators.combine(Arbitraries.of(ALU), mem(), reg()).as((op, m, a) -> op + " " + m + ", " + a),
                Combinators.combine(Arbitraries.of(ALU), mem(), imm()).as((op, m, i) -> op + " dword " + m + ", " + i),
                Combinators.combine(reg(), reg()).as((a, b) -> "test " + a + ", " + b),
                Combinators.combine(reg(), imm()).as((a, i) -> "test " + a + ", " + i),
                Combinators.combine(mem(), reg()).as((m, a) -> "test " + m + ", " + a),
                Combinators.combine(mem(), imm()).as((m, i) -> "test dword " + m + ", " + i),
                reg().map(a -> "inc " + a),
                reg().map(a -> "dec " + a),
                reg().map(a -> "push " + a),
                imm().map(i -> "push dword " + i),
                reg().map(a -> "pop " + a),
                Combinators.combine(reg(), reg(), reg(), Arbitraries.of(1, 2, 4, 8), Arbitraries.integers())
                        .as((d, b, x, s, disp) -> "lea " + d + ", [" + b + " + " + x + "*" + s + " + " + disp + "]"),
                Combinators.combine(reg(), reg(), imm()).as((d, s, i) -> "imul " + d + ", " + s + ", " + i),
                Combinators.combine(Arbitraries.of(SHIFTS), reg(), Arbitraries.integers().between(1, 31))
                        .as((op, a, n) -> op + " " + a + ", " + n),
                Combinators.combine(reg(), Arbitraries.of(REG8)).as((d, s) -> "movzx " + d + ", " + s),
                Combinators.combine(reg(), Arbitraries.of(REG16)).as((d, s) -> "movzx " + d + ", " + s),
                Combinators.combine(reg(), mem(), Arbitraries.of("byte", "word"))
                        .as((d, m, w) -> "movzx " + d + ", " + w + " " + m),
                // LOCK on the read-modify-write forms with a memory destination (SDM Vol. 2A §3.2)
                Combinators.combine(Arbitraries.of(LOCKABLE_ALU), mem(), reg())
                        .as((op, m, a) -> "lock " + op + " " + m + ", " + a),
                Combinators.combine(Arbitraries.of(LOCKABLE_ALU), mem(), imm())
                        .as((op, m, i) -> "lock " + op + " dword " + m + ", " + i),
                Combinators.combine(Arbitraries.of("inc", "dec", "neg", "not"), mem())
                        .as((op, m) -> "lock " + op + " dword " + m),
                Combinators.combine(mem(), reg()).as((m, a) -> "lock xchg " + m + ", " + a),
                // repeated prefixes: 66 66 is one 66, the last segment override wins, F2 F3 on a
                // non-string instruction does nothing
                Combinators.combine(Arbitraries.of(REG16), Arbitraries.integers().between(0, 0xFFFF))
                        .as((a, i) -> "db 0x66, 0x66\nmov " + a + ", " + i),
                Combinators.combine(reg(), mem()).as((a, m) -> "db 0x64, 0x3E\nmov " + a + ", " + m),
                Combinators.combine(mem(), reg()).as((m, a) -> "db 0xF2, 0xF3\nlock add " + m + ", " + a),
                // the P6 instructions (issue 15): they end a block and run interpreted between compiled
                // ones, so the lazy flags a block leaves must be right for them, and theirs for the next
                p6Line(),
                // an indexed access: the index masked into the data area first
                Combinators.combine(reg(), reg()).as((x, v) -> "and " + x + ", 0xFC\nmov [esi + " + x + "], " + v),
                Combinators.combine(reg(), reg()).as((x, v) -> "and " + x + ", 0x3F\nadd " + v + ", [esi + " + x + "*4]"),
                // a conditional jump ends a block: the taken path skips a counted increment
                Arbitraries.of(CONDITIONS).map(cc -> "j" + cc + " %SKIP\nadd dword [esi + 256], 1\n%SKIP:"),
                // the same right after a flag-setting instruction, often on equal or edge values, so every
                // condition meets the comparisons the compiler makes instead of computing EFLAGS
                Combinators.combine(setter(), Arbitraries.of(CONDITIONS))
                        .as((set, cc) -> set + "\nj" + cc + " %SKIP\nadd dword [esi + 256], 1\n%SKIP:")));
    }

    private static final String[] BIT_TESTS = {"bt", "bts", "btr", "btc"};

    private static Arbitrary<String> p6Line() {
        Arbitrary<String> cc = Arbitraries.of(CONDITIONS);
        Arbitrary<Integer> bit = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 31);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(cc, Arbitraries.of(REG8)).as((c, r) -> "set" + c + " " + r),
                Combinators.combine(cc, mem()).as((c, m) -> "set" + c + " byte " + m),
                Combinators.combine(setter(), cc).as((set, c) -> set + "\nset" + c + " al"),
                Combinators.combine(cc, reg(), reg()).as((c, a, b) -> "cmov" + c + " " + a + ", " + b),
                Combinators.combine(cc, reg(), mem()).as((c, a, m) -> "cmov" + c + " " + a + ", " + m),
                Combinators.combine(cc, Arbitraries.of(REG16), Arbitraries.of(REG16))
                        .as((c, a, b) -> "cmov" + c + " " + a + ", " + b),
                Combinators.combine(Arbitraries.of(BIT_TESTS), reg(), reg()).as((op, a, b) -> op + " " + a + ", " + b),
                Combinators.combine(Arbitraries.of(BIT_TESTS), reg(), bit).as((op, a, n) -> op + " " + a + ", " + n),
                Combinators.combine(Arbitraries.of(BIT_TESTS), Arbitraries.of(REG16), bit)
                        .as((op, a, n) -> op + " " + a + ", " + n),
                Combinators.combine(Arbitraries.of(BIT_TESTS), mem(), bit).as((op, m, n) -> op + " dword " + m + ", " + n),
                // a register bit offset reaches other dwords of memory, backwards too (here within the data)
                Combinators.combine(Arbitraries.of(BIT_TESTS), reg())
                        .as((op, r) -> "and " + r + ", 0x3FF\nsub " + r + ", 0x200\n" + op + " [esi + 128], " + r),
                Combinators.combine(Arbitraries.of("bsf", "bsr"), reg(), reg()).as((op, a, b) -> op + " " + a + ", " + b),
                Combinators.combine(Arbitraries.of("bsf", "bsr"), reg(), mem()).as((op, a, m) -> op + " " + a + ", " + m),
                reg().map(r -> "bswap " + r),
                Combinators.combine(Arbitraries.of("shld", "shrd"), reg(), reg(), count)
                        .as((op, a, b, n) -> op + " " + a + ", " + b + ", " + n),
                Combinators.combine(Arbitraries.of("shld", "shrd"), reg(), reg())
                        .as((op, a, b) -> op + " " + a + ", " + b + ", cl"),
                Combinators.combine(Arbitraries.of("shld", "shrd"), Arbitraries.of(REG16), Arbitraries.of(REG16), count)
                        .as((op, a, b, n) -> op + " " + a + ", " + b + ", " + n),
                Combinators.combine(Arbitraries.of("shld", "shrd"), mem(), reg(), count)
                        .as((op, m, b, n) -> op + " dword " + m + ", " + b + ", " + n),
                Combinators.combine(reg(), reg()).as((a, b) -> "xadd " + a + ", " + b),
                Combinators.combine(mem(), reg()).as((m, a) -> "lock xadd " + m + ", " + a),
                Combinators.combine(reg(), reg()).as((a, b) -> "cmpxchg " + a + ", " + b),
                Combinators.combine(mem(), reg()).as((m, a) -> "lock cmpxchg " + m + ", " + a),
                Arbitraries.of("lahf", "sahf", "cmc\nlahf\nsahf")));
    }

    private static Arbitrary<String> setter() {
        Arbitrary<Integer> edge = Arbitraries.of(0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 0x7F, 0x80);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.of("cmp", "sub", "test", "and", "add"), reg())
                        .as((op, a) -> op + " " + a + ", " + a),
                Combinators.combine(Arbitraries.of("cmp", "sub", "add", "adc", "sbb", "test", "and", "or", "xor"),
                        reg(), edge).as((op, a, i) -> "mov " + a + ", " + i + "\n" + op + " " + a + ", " + i),
                Combinators.combine(Arbitraries.of("cmp", "sub", "add"), reg(), edge, edge)
                        .as((op, a, x, y) -> "mov " + a + ", " + x + "\n" + op + " " + a + ", " + y),
                Combinators.combine(Arbitraries.of("inc", "dec"), reg(), edge)
                        .as((op, a, x) -> "mov " + a + ", " + x + "\n" + op + " " + a),
                Combinators.combine(Arbitraries.of("cmp", "sub"), reg(), mem())
                        .as((op, a, m) -> "mov " + a + ", " + m + "\n" + op + " " + a + ", " + m)));
    }

    @Provide
    Arbitrary<List<String>> bodies() {
        return line().list().ofMinSize(1).ofMaxSize(24);
    }

    @Provide
    Arbitrary<List<Integer>> starts() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1, 0x7FFF_FFFF, 0x8000_0000))
                .list().ofSize(7);
    }

    /**
     * A loop of random block-kind instructions, run 100 times (so its blocks are compiled halfway),
     * from random registers and arithmetic flags, ends the same interpreted and compiled.
     */
    @Property(tries = 250)
    void randomBlocksEndTheSameCompiled(@ForAll("bodies") List<String> body, @ForAll("starts") List<Integer> start)
            throws Exception {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < body.size(); i++) {
            code.append(body.get(i).replace("%SKIP", ".skip" + i)).append('\n');
        }
        String source = """
                    mov esi, data
                    mov esp, stack_middle
                    mov eax, %d
                    mov ebx, %d
                    mov ecx, %d
                    mov edx, %d
                    mov edi, %d
                    mov ebp, %d
                    push dword %d
                    popfd
                    mov dword [esi + 260], 100
                top:
                %s
                    dec dword [esi + 260]
                    jnz top
                    cli
                    hlt
                data: times 272 db 0x5A
                    times 16384 db 0
                stack_middle:
                    times 16384 db 0
                """.formatted(start.get(0), start.get(1), start.get(2), start.get(3), start.get(4), start.get(5),
                start.get(6) & 0x8D5, code);
        End compiled = bothWays(flat(source), 1_000_000, "block:\n" + code);
        assertEquals(StopReason.HALTED, compiled.result.reason(), compiled.result.message());
        assertTrue(compiled.compiledRuns > 0, "the loop ran compiled");
    }
}
