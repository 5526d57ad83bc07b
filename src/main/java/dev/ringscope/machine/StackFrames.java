package dev.ringscope.machine;

/**
 * ENTER, the procedure-frame instruction of block-structured languages (SDM Vol. 2A ENTER and
 * Vol. 1 §6.5 "Procedure calls for block-structured languages"): it pushes EBP, copies the
 * enclosing frames' pointers (the display) for a nesting level above 0, and reserves the locals.
 * LEAVE undoes it and stays in {@link Interpreter}. Also PUSHA/POPA, which save and restore all
 * eight general registers on the stack.
 */
final class StackFrames {

    private StackFrames() {
    }

    /**
     * ENTER {@code size}, {@code level} with a 32-bit stack; {@code operandSize} 4 (C8) or 2 (66 C8, which
     * pushes BP and the display as words and sets only BP, SDM Vol. 2A ENTER: "BP := FrameTemp[15:0]";
     * ESP still moves as a whole, the stack being 32-bit). Every store is made before any register
     * changes (as QEMU's gen_enter does), so a page fault part-way leaves ESP and EBP as they were.
     */
    static void enter(Interpreter in, int size, int level, int operandSize) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int[] r = cpu.reg;
        int w = operandSize;
        int esp = r[4] - w;
        bus.write(Cpu.SS, esp, w, r[5]);
        int frame = esp;
        if (level > 0) {
            for (int i = 1; i < level; i++) {
                int link = bus.read(Cpu.SS, r[5] - w * i, w);
                esp -= w;
                bus.write(Cpu.SS, esp, w, link);
            }
            esp -= w;
            bus.write(Cpu.SS, esp, w, frame);
        }
        cpu.write(5, w, frame);
        r[4] = esp - size;
    }

    /**
     * LEAVE (C9), or 66 C9 with {@code operandSize} 2 (SDM Vol. 2A LEAVE): ESP = EBP (the stack is
     * 32-bit), then EBP, or only BP, is popped.
     */
    static void leave(Interpreter in, int operandSize) {
        Cpu cpu = in.cpu();
        int[] r = cpu.reg;
        int value = in.bus().read(Cpu.SS, r[5], operandSize);
        r[4] = r[5] + operandSize;
        cpu.write(5, operandSize, value);
    }

    /** PUSHAD, or PUSHAW with {@code size} 2 (SDM Vol. 2B PUSHA/PUSHAD): the ESP from before goes in its slot. */
    static void pushAll(Interpreter in, int size) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int esp = cpu.reg[4];
        for (int i = 0; i < 8; i++) {
            bus.write(Cpu.SS, esp - size * (i + 1), size, i == 4 ? esp : cpu.reg[i]);
        }
        cpu.reg[4] = esp - 8 * size;
    }

    /** POPAD, or POPAW with {@code size} 2: the stacked ESP (SP) is skipped. */
    static void popAll(Interpreter in, int size) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int esp = cpu.reg[4];
        int[] values = new int[8];
        for (int i = 0; i < 8; i++) {
            values[7 - i] = bus.read(Cpu.SS, esp + size * i, size);
        }
        for (int i = 0; i < 8; i++) {
            if (i != 4) {
                cpu.write(i, size, values[i]);
            }
        }
        cpu.reg[4] = esp + 8 * size;
    }
}
