package dev.ringscope.machine;

/**
 * ENTER, the procedure-frame instruction of block-structured languages (SDM Vol. 2A ENTER and
 * Vol. 1 §6.5 "Procedure calls for block-structured languages"): it pushes EBP, copies the
 * enclosing frames' pointers (the display) for a nesting level above 0, and reserves the locals.
 * LEAVE undoes it and stays in {@link Interpreter}.
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
}
