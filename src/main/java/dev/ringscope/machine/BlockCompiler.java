package dev.ringscope.machine;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SIPUSH;
import static org.objectweb.asm.Opcodes.V17;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a hot {@link Block} to JVM bytecode: one hidden class per block, one method that does
 * what {@link Interpreter#runStraight} would do for the whole block, with the operand fields of
 * each instruction turned into constants, the registers the block touches held in local variables
 * (stored back once, at its end), and the lazy-flag record of a flag-setting instruction kept in
 * locals too, so that only the last one before the block's end is ever stored. A conditional jump
 * after {@code cmp}, {@code test}, {@code sub}, {@code and}, {@code inc} or {@code dec} compares
 * the operands directly instead of working out EFLAGS. The JVM's JIT then compiles the method like
 * any other hot Java code (registers in machine registers).
 *
 * <p>Exactness: the generated code makes the same calls on {@link Bus} as the interpreter, in the
 * same order, so paging, faults, TLB state and the code-write check are unchanged. Every memory
 * access happens before its instruction changes a register or a flag, so a fault finds the locals
 * still holding the state from before the faulting instruction: its handler (one per instruction
 * that touches memory) stores them, records the instruction's index and rethrows. Under a monitor
 * (a VMM), which may look at the CPU from inside a memory access (a hidden page fault, a traced
 * page-table write), the registers and flags are stored before every access as well.
 *
 * <p>Compiled classes depend only on the decoded instructions, so they are shared by every machine
 * (a bounded, process-wide cache): a test suite or a benchmark that boots many machines compiles
 * each hot block once.
 */
final class BlockCompiler {

    /** Runs of one block (its whole length) after which it is compiled. */
    static final int THRESHOLD = 50;
    private static final int CACHE_LIMIT = 8192;

    private static final ConcurrentHashMap<Key, CompiledBlock> CACHE = new ConcurrentHashMap<>();

    private static final String SUPER = "dev/ringscope/machine/CompiledBlock";
    private static final String CPU = "dev/ringscope/machine/Cpu";
    private static final String BUS = "dev/ringscope/machine/Bus";
    private static final String PAGE = "dev/ringscope/machine/CodeCache$Page";
    private static final String INTERPRETER = "dev/ringscope/machine/Interpreter";
    private static final String FAULT = "dev/ringscope/machine/CpuFault";
    private static final String RUN_DESCRIPTOR = "(L" + CPU + ";L" + BUS + ";L" + PAGE + ";L" + INTERPRETER + ";)I";

    // local variable slots of run()
    private static final int L_CPU = 1, L_BUS = 2, L_PAGE = 3, L_INTERPRETER = 4, L_REGS = 5, L_R = 6;
    private static final int L_FA = 14, L_FB = 15, L_FC = 16, L_FR = 17, L_FS = 18;
    private static final int L_T1 = 19, L_T2 = 20, L_T3 = 21, L_T4 = 22, L_T5 = 23, L_EXCEPTION = 24;

    private BlockCompiler() {
    }

    private static final java.util.concurrent.atomic.AtomicLong FAILURES = new java.util.concurrent.atomic.AtomicLong();
    private static volatile String firstFailure;

    /**
     * The compiled form of {@code block}, or null if it cannot be compiled (then it stays interpreted,
     * which is always correct; {@link #failures()} counts these, and the tests require none);
     * {@code monitored}: a monitor may look at the CPU mid-block.
     */
    static CompiledBlock compile(Block block, boolean monitored) {
        try {
            return compileOrThrow(block, monitored);
        } catch (RuntimeException | LinkageError e) {
            if (FAILURES.getAndIncrement() == 0) {
                firstFailure = Arrays.toString(block.uops) + ": " + e;
            }
            return null;
        }
    }

    /** Blocks the compiler could not compile since the JVM started (a bug if not zero). */
    static long failures() {
        return FAILURES.get();
    }

    /** The first block that could not be compiled, and why; null if none. */
    static String firstFailure() {
        return firstFailure;
    }

    private static CompiledBlock compileOrThrow(Block block, boolean monitored) {
        Key key = new Key(signature(block.uops), monitored);
        CompiledBlock c = CACHE.get(key);
        if (c == null) {
            c = define(new Generator(block.uops, monitored).generate());
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CompiledBlock raced = CACHE.putIfAbsent(key, c);
            if (raced != null) {
                c = raced;
            }
        }
        return c;
    }

    private static CompiledBlock define(byte[] classBytes) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(classBytes, true);
            return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("the block compiler produced a class the JVM refused", t);
        }
    }

    /** Everything the generated code depends on, instruction by instruction. */
    private static int[] signature(Uop[] uops) {
        int[] s = new int[uops.length * 15];
        int k = 0;
        for (Uop u : uops) {
            s[k++] = u.fast;
            s[k++] = u.op.ordinal();
            s[k++] = u.aluOp;
            s[k++] = u.r0;
            s[k++] = u.r1;
            s[k++] = u.i0;
            s[k++] = u.i1;
            s[k++] = u.i2;
            s[k++] = u.memSeg;
            s[k++] = u.memBase;
            s[k++] = u.memIndex;
            s[k++] = u.memScale;
            s[k++] = u.memDisp;
            s[k++] = u.kind[1];
            s[k++] = u.opSize[1];
        }
        return s;
    }

    private record Key(int[] code, boolean monitored) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.monitored == monitored && Arrays.equals(k.code, code);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(code) * 31 + (monitored ? 1 : 0);
        }
    }

    /** The bytecode of one block. */
    private static final class Generator {

        private final Uop[] uops;
        private final boolean monitored;
        private MethodVisitor mv;
        /** Registers held in locals that differ from {@code cpu.reg}. */
        private int dirty;
        /** The flag-setting operation whose record is in the flag locals (Cpu.LAZY_*), or NONE: cpu has the flags. */
        private int pending = Cpu.LAZY_NONE;
        /** Whether the pending ADD/SUB had no carry in (CMP, SUB, ADD): its conditions are plain comparisons. */
        private boolean pendingNoCarry;

        Generator(Uop[] uops, boolean monitored) {
            this.uops = uops;
            this.monitored = monitored;
        }

        byte[] generate() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return "java/lang/Object"; // only CpuFault and our own types meet in a frame
                }
            };
            cw.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, "dev/ringscope/machine/CompiledBlock$Block", null, SUPER,
                    null);
            MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            mv = cw.visitMethod(0, "run", RUN_DESCRIPTOR, null, null);
            mv.visitCode();
            prologue();
            int n = uops.length;
            int[] dirtyBefore = new int[n];
            int[] pendingBefore = new int[n];
            Label[] handlers = new Label[n];
            for (int i = 0; i < n; i++) {
                Uop u = uops[i];
                dirtyBefore[i] = dirty;
                pendingBefore[i] = pending;
                Label start = new Label();
                Label end = new Label();
                if (touchesMemory(u)) {
                    handlers[i] = new Label();
                    mv.visitTryCatchBlock(start, end, handlers[i], FAULT);
                }
                mv.visitLabel(start);
                instruction(u, i);
                mv.visitLabel(end);
            }
            // the end of the block
            storeRegisters(dirty);
            flushFlags(pending);
            push(n);
            mv.visitInsn(IRETURN);
            // one fault handler per memory-touching instruction: the state before it, its index, rethrow
            for (int i = 0; i < n; i++) {
                if (handlers[i] != null) {
                    mv.visitLabel(handlers[i]);
                    mv.visitVarInsn(ASTORE, L_EXCEPTION);
                    storeRegisters(dirtyBefore[i]);
                    flushFlags(pendingBefore[i]);
                    mv.visitVarInsn(ALOAD, L_INTERPRETER);
                    push(i);
                    mv.visitFieldInsn(PUTFIELD, INTERPRETER, "faultAt", "I");
                    mv.visitVarInsn(ALOAD, L_EXCEPTION);
                    mv.visitInsn(ATHROW);
                }
            }
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            cw.visitEnd();
            return cw.toByteArray();
        }

        /** Loads the registers the block uses and zeroes the flag locals (so every path defines them). */
        private void prologue() {
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "reg", "[I");
            mv.visitVarInsn(ASTORE, L_REGS);
            int used = 0;
            for (Uop u : uops) {
                used |= registersUsed(u);
            }
            for (int r = 0; r < 8; r++) {
                if ((used & (1 << r)) != 0) {
                    mv.visitVarInsn(ALOAD, L_REGS);
                    push(r);
                    mv.visitInsn(IALOAD);
                    mv.visitVarInsn(ISTORE, L_R + r);
                }
            }
            for (int l = L_FA; l <= L_FS; l++) {
                mv.visitInsn(ICONST_0);
                mv.visitVarInsn(ISTORE, l);
            }
        }

        private static int registersUsed(Uop u) {
            int used = 0;
            if (u.memBase >= 0) {
                used |= 1 << u.memBase;
            }
            if (u.memIndex >= 0) {
                used |= 1 << u.memIndex;
            }
            switch (u.fast) {
                case Uop.F_PUSH_R, Uop.F_POP_R -> used |= 1 << 4 | 1 << u.r0;
                case Uop.F_PUSH_I, Uop.F_CALL, Uop.F_RET -> used |= 1 << 4;
                case Uop.F_JMP, Uop.F_JCC, Uop.F_MOV_MI, Uop.F_ALU_MI -> {
                }
                case Uop.F_MOV_MR, Uop.F_ALU_MR -> used |= 1 << u.r1;
                case Uop.F_MOV_RR, Uop.F_ALU_RR, Uop.F_IMUL_RI -> used |= 1 << u.r0 | 1 << u.r1;
                case Uop.F_MOVZX_R -> {
                    used |= 1 << u.r0;
                    if (u.kind[1] == Uop.REG) {
                        used |= 1 << (u.opSize[1] == 1 && u.r1 >= 4 ? u.r1 - 4 : u.r1);
                    }
                }
                default -> used |= 1 << u.r0;
            }
            return used;
        }

        private static boolean touchesMemory(Uop u) {
            return switch (u.fast) {
                case Uop.F_MOV_RM, Uop.F_MOV_MR, Uop.F_MOV_MI, Uop.F_ALU_RM, Uop.F_ALU_MR, Uop.F_ALU_MI,
                        Uop.F_PUSH_R, Uop.F_PUSH_I, Uop.F_POP_R, Uop.F_CALL, Uop.F_RET -> true;
                case Uop.F_MOVZX_R -> u.kind[1] == Uop.MEM;
                default -> false;
            };
        }

        // ------------------------------------------------------------ instructions

        private void instruction(Uop u, int i) {
            switch (u.fast) {
                case Uop.F_MOV_RR -> {
                    loadReg(u.r1);
                    storeReg(u.r0);
                }
                case Uop.F_MOV_RI -> {
                    push(u.i1);
                    storeReg(u.r0);
                }
                case Uop.F_MOV_RM -> {
                    read32(u);
                    storeReg(u.r0);
                }
                case Uop.F_MOV_MR -> {
                    write32(u, () -> ea(u), () -> loadReg(u.r1));
                    afterWrite(i);
                }
                case Uop.F_MOV_MI -> {
                    write32(u, () -> ea(u), () -> push(u.i1));
                    afterWrite(i);
                }
                case Uop.F_ALU_RR -> aluRegister(u, () -> loadReg(u.r1));
                case Uop.F_ALU_RI -> aluRegister(u, () -> push(u.i1));
                case Uop.F_ALU_RM -> {
                    read32(u);
                    mv.visitVarInsn(ISTORE, L_T1);
                    aluRegister(u, () -> mv.visitVarInsn(ILOAD, L_T1));
                }
                case Uop.F_ALU_MR -> aluMemory(u, i, () -> loadReg(u.r1));
                case Uop.F_ALU_MI -> aluMemory(u, i, () -> push(u.i1));
                case Uop.F_INC_R, Uop.F_DEC_R -> incDec(u);
                case Uop.F_PUSH_R, Uop.F_PUSH_I -> {
                    if (u.fast == Uop.F_PUSH_R) {
                        loadReg(u.r0); // PUSH ESP pushes ESP as it was before the push
                    } else {
                        push(u.i0);
                    }
                    mv.visitVarInsn(ISTORE, L_T1);
                    pushValue(() -> mv.visitVarInsn(ILOAD, L_T1));
                    afterWrite(i);
                }
                case Uop.F_POP_R -> {
                    popToT1();
                    mv.visitVarInsn(ILOAD, L_T1);
                    storeReg(u.r0); // POP ESP: the value read wins over the increment
                }
                case Uop.F_JMP -> setEip(u.i0);
                case Uop.F_JCC -> {
                    Label notTaken = new Label();
                    Label taken = new Label();
                    conditionJump(u.op.conditionCode(), taken);
                    mv.visitJumpInsn(GOTO, notTaken);
                    mv.visitLabel(taken);
                    setEip(u.i0);
                    mv.visitLabel(notTaken);
                }
                case Uop.F_CALL -> {
                    pushValue(() -> {
                        mv.visitVarInsn(ALOAD, L_CPU);
                        mv.visitFieldInsn(GETFIELD, CPU, "eip", "I");
                    });
                    setEip(u.i0);
                    afterWrite(i);
                }
                case Uop.F_RET -> {
                    popToT1();
                    mv.visitVarInsn(ALOAD, L_CPU);
                    mv.visitVarInsn(ILOAD, L_T1);
                    mv.visitFieldInsn(PUTFIELD, CPU, "eip", "I");
                }
                case Uop.F_LEA -> {
                    ea(u);
                    storeReg(u.r0);
                }
                case Uop.F_IMUL_RI, Uop.F_IMUL_RI2 -> {
                    flushFlags(pending); // MulDiv sets the flags in the CPU itself
                    pending = Cpu.LAZY_NONE;
                    mv.visitVarInsn(ALOAD, L_CPU);
                    loadReg(u.fast == Uop.F_IMUL_RI ? u.r1 : u.r0);
                    push(u.fast == Uop.F_IMUL_RI ? u.i2 : u.i1);
                    push(4);
                    mv.visitMethodInsn(INVOKESTATIC, "dev/ringscope/machine/MulDiv", "imul", "(L" + CPU + ";III)I", false);
                    storeReg(u.r0);
                }
                case Uop.F_SHIFT_RI -> {
                    flushFlags(pending); // a shift reads and writes EFLAGS itself
                    pending = Cpu.LAZY_NONE;
                    mv.visitVarInsn(ALOAD, L_CPU);
                    mv.visitFieldInsn(GETSTATIC, "dev/ringscope/isa/Mnemonic", u.op.name(), "Ldev/ringscope/isa/Mnemonic;");
                    loadReg(u.r0);
                    push(u.i1);
                    push(4);
                    mv.visitMethodInsn(INVOKESTATIC, "dev/ringscope/machine/Alu", "shift",
                            "(L" + CPU + ";Ldev/ringscope/isa/Mnemonic;III)I", false);
                    storeReg(u.r0);
                }
                case Uop.F_MOVZX_R -> {
                    int size = u.opSize[1];
                    if (u.kind[1] == Uop.MEM) {
                        beforeAccess();
                        mv.visitVarInsn(ALOAD, L_BUS);
                        push(u.memSeg);
                        ea(u);
                        push(size);
                        mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "read", "(III)I", false);
                    } else if (size == 1 && u.r1 >= 4) { // AH, CH, DH, BH
                        loadReg(u.r1 - 4);
                        push(8);
                        mv.visitInsn(IUSHR);
                        push(0xFF);
                        mv.visitInsn(IAND);
                    } else {
                        loadReg(u.r1);
                        push(size == 1 ? 0xFF : 0xFFFF);
                        mv.visitInsn(IAND);
                    }
                    storeReg(u.r0);
                }
                default -> throw new IllegalStateException("not a fast instruction in a block: " + u.op);
            }
        }

        /** ADD … TEST with a register destination; the source is pushed by {@code source}. */
        private void aluRegister(Uop u, Runnable source) {
            int op = u.aluOp;
            boolean withCarry = op == 1 || op == 3;
            if (withCarry) {
                carry();
                mv.visitVarInsn(ISTORE, L_T2);
            }
            source.run();
            mv.visitVarInsn(ISTORE, L_T3);
            // the record: a, b, carry, result
            if (op <= 4) {
                loadReg(u.r0);
                mv.visitVarInsn(ISTORE, L_FA);
                mv.visitVarInsn(ILOAD, L_T3);
                mv.visitVarInsn(ISTORE, L_FB);
                if (withCarry) {
                    mv.visitVarInsn(ILOAD, L_T2);
                } else {
                    mv.visitInsn(ICONST_0);
                }
                mv.visitVarInsn(ISTORE, L_FC);
                mv.visitVarInsn(ILOAD, L_FA);
                mv.visitVarInsn(ILOAD, L_FB);
                boolean add = op <= 1;
                mv.visitInsn(add ? IADD : ISUB);
                if (withCarry) {
                    mv.visitVarInsn(ILOAD, L_FC);
                    mv.visitInsn(add ? IADD : ISUB);
                }
                mv.visitVarInsn(ISTORE, L_FR);
                pending = add ? Cpu.LAZY_ADD : Cpu.LAZY_SUB;
                pendingNoCarry = !withCarry;
                if (op != 4) { // CMP writes nothing
                    mv.visitVarInsn(ILOAD, L_FR);
                    storeReg(u.r0);
                }
            } else {
                loadReg(u.r0);
                mv.visitVarInsn(ILOAD, L_T3);
                mv.visitInsn(op == 6 ? IOR : op == 7 ? IXOR : IAND);
                mv.visitVarInsn(ISTORE, L_FR);
                pending = Cpu.LAZY_LOGIC;
                if (op != 8) { // TEST writes nothing
                    mv.visitVarInsn(ILOAD, L_FR);
                    storeReg(u.r0);
                }
            }
        }

        /** ADD … TEST with a memory destination: read, compute, write back, then the flags (as the interpreter). */
        private void aluMemory(Uop u, int i, Runnable source) {
            int op = u.aluOp;
            boolean withCarry = op == 1 || op == 3;
            ea(u);
            mv.visitVarInsn(ISTORE, L_T1);
            beforeAccess();
            mv.visitVarInsn(ALOAD, L_BUS);
            push(u.memSeg);
            mv.visitVarInsn(ILOAD, L_T1);
            mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "read32", "(II)I", false);
            mv.visitVarInsn(ISTORE, L_T2);
            if (withCarry) {
                carry();
            } else {
                mv.visitInsn(ICONST_0);
            }
            // the carry-in waits on the stack under the source while the result is computed
            source.run();
            mv.visitVarInsn(ISTORE, L_T3); // b
            int carrySlot = L_T4;
            mv.visitVarInsn(ISTORE, carrySlot);
            int resultSlot = L_T5;
            mv.visitVarInsn(ILOAD, L_T2);
            mv.visitVarInsn(ILOAD, L_T3);
            switch (op) {
                case 0, 1 -> mv.visitInsn(IADD);
                case 2, 3, 4 -> mv.visitInsn(ISUB);
                case 6 -> mv.visitInsn(IOR);
                case 7 -> mv.visitInsn(IXOR);
                default -> mv.visitInsn(IAND);
            }
            if (withCarry) {
                mv.visitVarInsn(ILOAD, carrySlot);
                mv.visitInsn(op == 1 ? IADD : ISUB);
            }
            mv.visitVarInsn(ISTORE, resultSlot);
            boolean writes = op != 4 && op != 8;
            if (writes) {
                beforeAccess();
                mv.visitVarInsn(ALOAD, L_BUS);
                push(u.memSeg);
                mv.visitVarInsn(ILOAD, L_T1);
                mv.visitVarInsn(ILOAD, resultSlot);
                mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "write32", "(III)V", false);
            }
            if (op <= 4) {
                mv.visitVarInsn(ILOAD, L_T2);
                mv.visitVarInsn(ISTORE, L_FA);
                mv.visitVarInsn(ILOAD, L_T3);
                mv.visitVarInsn(ISTORE, L_FB);
                mv.visitVarInsn(ILOAD, carrySlot);
                mv.visitVarInsn(ISTORE, L_FC);
                pending = op <= 1 ? Cpu.LAZY_ADD : Cpu.LAZY_SUB;
                pendingNoCarry = !withCarry;
            } else {
                pending = Cpu.LAZY_LOGIC;
            }
            mv.visitVarInsn(ILOAD, resultSlot);
            mv.visitVarInsn(ISTORE, L_FR);
            if (writes) {
                afterWrite(i);
            }
        }

        private void incDec(Uop u) {
            carry(); // INC and DEC keep CF: remember it as it is now
            mv.visitVarInsn(ISTORE, L_FS);
            loadReg(u.r0);
            mv.visitVarInsn(ISTORE, L_FA);
            mv.visitVarInsn(ILOAD, L_FA);
            push(1);
            mv.visitInsn(u.fast == Uop.F_INC_R ? IADD : ISUB);
            mv.visitVarInsn(ISTORE, L_FR);
            mv.visitVarInsn(ILOAD, L_FR);
            storeReg(u.r0);
            pending = u.fast == Uop.F_INC_R ? Cpu.LAZY_INC : Cpu.LAZY_DEC;
        }

        /** Pushes CF (0 or 1) as the last flag-setting instruction left it. */
        private void carry() {
            switch (pending) {
                case Cpu.LAZY_NONE -> {
                    mv.visitVarInsn(ALOAD, L_CPU);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "carryFlag", "()Z", false);
                }
                case Cpu.LAZY_ADD -> {
                    mv.visitVarInsn(ILOAD, L_FA);
                    mv.visitVarInsn(ILOAD, L_FC);
                    mv.visitVarInsn(ILOAD, L_FR);
                    mv.visitMethodInsn(INVOKESTATIC, CPU, "addCarry32", "(III)Z", false);
                }
                case Cpu.LAZY_SUB -> {
                    mv.visitVarInsn(ILOAD, L_FA);
                    mv.visitVarInsn(ILOAD, L_FB);
                    mv.visitVarInsn(ILOAD, L_FC);
                    mv.visitMethodInsn(INVOKESTATIC, CPU, "subCarry32", "(III)Z", false);
                }
                case Cpu.LAZY_LOGIC -> mv.visitInsn(ICONST_0);
                default -> mv.visitVarInsn(ILOAD, L_FS); // INC/DEC: the CF they kept
            }
        }

        /**
         * Jumps to {@code taken} if condition {@code cc} (SDM Vol. 1 Table B-1) holds. After a CMP/SUB, a
         * logical operation or INC/DEC, most conditions are a comparison of the recorded operands; the rest
         * store the flags and ask the interpreter.
         */
        private void conditionJump(int cc, Label taken) {
            int c = cc >>> 1;
            boolean negate = (cc & 1) != 0;
            if (pending == Cpu.LAZY_SUB && pendingNoCarry) {
                switch (c) {
                    case 1, 3 -> { // B (CF), BE (CF or ZF): unsigned a < b, a <= b
                        mv.visitVarInsn(ILOAD, L_FA);
                        mv.visitVarInsn(ILOAD, L_FB);
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
                        mv.visitJumpInsn(c == 1 ? (negate ? IFGE : IFLT) : (negate ? IFGT : IFLE), taken);
                        return;
                    }
                    case 2, 6, 7 -> { // E, L (SF != OF), LE: signed comparisons of a and b
                        mv.visitVarInsn(ILOAD, L_FA);
                        mv.visitVarInsn(ILOAD, L_FB);
                        int jump = c == 2 ? (negate ? IF_ICMPNE : IF_ICMPEQ)
                                : c == 6 ? (negate ? IF_ICMPGE : IF_ICMPLT) : (negate ? IF_ICMPGT : IF_ICMPLE);
                        mv.visitJumpInsn(jump, taken);
                        return;
                    }
                    case 4 -> { // S
                        mv.visitVarInsn(ILOAD, L_FR);
                        mv.visitJumpInsn(negate ? IFGE : IFLT, taken);
                        return;
                    }
                    default -> {
                    }
                }
            } else if (pending == Cpu.LAZY_LOGIC) { // CF = OF = 0
                switch (c) {
                    case 0, 1 -> { // O, B: never; NO, AE: always
                        if (negate) {
                            mv.visitJumpInsn(GOTO, taken);
                        }
                        return;
                    }
                    case 2, 3 -> { // E, BE (ZF)
                        mv.visitVarInsn(ILOAD, L_FR);
                        mv.visitJumpInsn(negate ? IFNE : IFEQ, taken);
                        return;
                    }
                    case 4, 6 -> { // S, L (SF)
                        mv.visitVarInsn(ILOAD, L_FR);
                        mv.visitJumpInsn(negate ? IFGE : IFLT, taken);
                        return;
                    }
                    case 7 -> { // LE: ZF or SF
                        mv.visitVarInsn(ILOAD, L_FR);
                        mv.visitJumpInsn(negate ? IFGT : IFLE, taken);
                        return;
                    }
                    default -> {
                    }
                }
            } else if (pending != Cpu.LAZY_NONE && (c == 2 || c == 4)) { // ZF, SF of any result
                mv.visitVarInsn(ILOAD, L_FR);
                mv.visitJumpInsn(c == 2 ? (negate ? IFNE : IFEQ) : (negate ? IFGE : IFLT), taken);
                return;
            }
            flushFlags(pending);
            pending = Cpu.LAZY_NONE;
            mv.visitVarInsn(ALOAD, L_INTERPRETER);
            push(cc);
            mv.visitMethodInsn(INVOKEVIRTUAL, INTERPRETER, "condition", "(I)Z", false);
            mv.visitJumpInsn(IFNE, taken);
        }

        // ------------------------------------------------------------ memory

        private void read32(Uop u) {
            beforeAccess();
            mv.visitVarInsn(ALOAD, L_BUS);
            push(u.memSeg);
            ea(u);
            mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "read32", "(II)I", false);
        }

        private void write32(Uop u, Runnable address, Runnable value) {
            beforeAccess();
            mv.visitVarInsn(ALOAD, L_BUS);
            push(u.memSeg);
            address.run();
            value.run();
            mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "write32", "(III)V", false);
        }

        /** A 32-bit push as {@link Bus#push}: write below ESP, then move ESP. */
        private void pushValue(Runnable value) {
            beforeAccess();
            mv.visitVarInsn(ALOAD, L_BUS);
            push(Cpu.SS);
            loadReg(4);
            push(4);
            mv.visitInsn(ISUB);
            value.run();
            mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "write32", "(III)V", false);
            loadReg(4);
            push(4);
            mv.visitInsn(ISUB);
            storeReg(4);
        }

        /** A 32-bit pop as {@link Bus#pop}: read the dword at ESP into T1, then move ESP. */
        private void popToT1() {
            beforeAccess();
            mv.visitVarInsn(ALOAD, L_BUS);
            push(Cpu.SS);
            loadReg(4);
            mv.visitMethodInsn(INVOKEVIRTUAL, BUS, "read32", "(II)I", false);
            mv.visitVarInsn(ISTORE, L_T1);
            loadReg(4);
            push(4);
            mv.visitInsn(IADD);
            storeReg(4);
        }

        /** Under a monitor, the CPU is brought up to date before each memory access (it may look). */
        private void beforeAccess() {
            if (monitored) {
                storeRegisters(dirty);
                dirty = 0;
                flushFlags(pending);
                pending = Cpu.LAZY_NONE;
            }
        }

        /** After instruction {@code i} wrote memory: if it wrote over this block's code, stop after it. */
        private void afterWrite(int i) {
            Label go = new Label();
            mv.visitVarInsn(ALOAD, L_PAGE);
            mv.visitFieldInsn(GETFIELD, PAGE, "valid", "Z");
            mv.visitJumpInsn(IFNE, go);
            storeRegisters(dirty);
            flushFlags(pending);
            push(i + 1);
            mv.visitInsn(IRETURN);
            mv.visitLabel(go);
        }

        private void ea(Uop u) {
            boolean any = false;
            if (u.memBase >= 0) {
                loadReg(u.memBase);
                any = true;
            }
            if (u.memIndex >= 0) {
                loadReg(u.memIndex);
                int shift = Integer.numberOfTrailingZeros(u.memScale);
                if (shift > 0) {
                    push(shift);
                    mv.visitInsn(ISHL);
                }
                if (any) {
                    mv.visitInsn(IADD);
                }
                any = true;
            }
            if (!any) {
                push(u.memDisp);
            } else if (u.memDisp != 0) {
                push(u.memDisp);
                mv.visitInsn(IADD);
            }
        }

        // ------------------------------------------------------------ state

        private void loadReg(int r) {
            mv.visitVarInsn(ILOAD, L_R + r);
        }

        private void storeReg(int r) {
            mv.visitVarInsn(ISTORE, L_R + r);
            dirty |= 1 << r;
        }

        private void storeRegisters(int which) {
            for (int r = 0; r < 8; r++) {
                if ((which & (1 << r)) != 0) {
                    mv.visitVarInsn(ALOAD, L_REGS);
                    push(r);
                    mv.visitVarInsn(ILOAD, L_R + r);
                    mv.visitInsn(IASTORE);
                }
            }
        }

        /** Stores the pending flag record into the CPU (what the interpreter would have left there). */
        private void flushFlags(int kind) {
            switch (kind) {
                case Cpu.LAZY_NONE -> {
                }
                case Cpu.LAZY_INC, Cpu.LAZY_DEC -> {
                    mv.visitVarInsn(ALOAD, L_CPU);
                    push(kind);
                    mv.visitVarInsn(ILOAD, L_FA);
                    mv.visitVarInsn(ILOAD, L_FR);
                    push(4);
                    mv.visitVarInsn(ILOAD, L_FS);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "lazyIncDec", "(IIIII)V", false);
                }
                default -> {
                    mv.visitVarInsn(ALOAD, L_CPU);
                    push(kind);
                    if (kind == Cpu.LAZY_LOGIC) {
                        mv.visitInsn(ICONST_0);
                        mv.visitInsn(ICONST_0);
                        mv.visitInsn(ICONST_0);
                    } else {
                        mv.visitVarInsn(ILOAD, L_FA);
                        mv.visitVarInsn(ILOAD, L_FB);
                        mv.visitVarInsn(ILOAD, L_FC);
                    }
                    mv.visitVarInsn(ILOAD, L_FR);
                    push(4);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "lazyFlags", "(IIIIII)V", false);
                }
            }
        }

        private void setEip(int eip) {
            mv.visitVarInsn(ALOAD, L_CPU);
            push(eip);
            mv.visitFieldInsn(PUTFIELD, CPU, "eip", "I");
        }

        private void push(int v) {
            if (v >= -1 && v <= 5) {
                mv.visitInsn(ICONST_0 + v);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                mv.visitIntInsn(BIPUSH, v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                mv.visitIntInsn(SIPUSH, v);
            } else {
                mv.visitLdcInsn(v);
            }
        }
    }
}
