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
     * ENTER {@code size}, {@code level} with a 32-bit stack. Every store is made before any register
     * changes (as QEMU's gen_enter does), so a page fault part-way leaves ESP and EBP as they were.
     */
    static void enter(Interpreter in, int size, int level) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int[] r = cpu.reg;
        int esp = r[4] - 4;
        bus.write(Cpu.SS, esp, 4, r[5]);
        int frame = esp;
        if (level > 0) {
            for (int i = 1; i < level; i++) {
                int link = bus.read(Cpu.SS, r[5] - 4 * i, 4);
                esp -= 4;
                bus.write(Cpu.SS, esp, 4, link);
            }
            esp -= 4;
            bus.write(Cpu.SS, esp, 4, frame);
        }
        r[5] = frame;
        r[4] = esp - size;
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
