package dev.ringscope.trace;

import java.util.Random;

/**
 * Events shaped like a real run, from a seed: every instruction retires (1–7 bytes), most write a
 * register, about a third touch memory, and now and then a system call crosses rings, a port is
 * written or the console prints. Used by the benchmark and by tests that need many events.
 */
final class TypicalRun {

    private static final String[] LABELS = {"int 0x80", "iretd", "#GP", "IRQ 0"};
    private static final String[] DEVICES = {"pic", "pit", "uart", "debug-exit"};

    private final Random random;
    private final byte[][] code = new byte[256][];
    private long seq;
    private long cycle;
    private int eip = 0x0804_8000;
    private boolean registerDue;
    private boolean memoryDue;

    TypicalRun(long seed) {
        random = new Random(seed);
        for (int i = 0; i < code.length; i++) {
            code[i] = new byte[1 + random.nextInt(7)];
            random.nextBytes(code[i]);
        }
    }

    Event next() {
        long s = seq++;
        if (registerDue) {
            registerDue = false;
            return new Event.RegisterWrite(s, cycle, ArchRegister.general(random.nextInt(8)), random.nextInt());
        }
        if (memoryDue) {
            memoryDue = false;
            int address = 0x0800_0000 + random.nextInt(1 << 20);
            return new Event.MemoryAccess(s, cycle, address, address, 4, random.nextInt(), random.nextBoolean());
        }
        cycle += 1 + random.nextInt(3);
        if (random.nextInt(1000) == 0) {
            return rare(s);
        }
        byte[] bytes = code[random.nextInt(code.length)];
        eip += bytes.length;
        registerDue = random.nextInt(100) < 70;
        memoryDue = random.nextInt(100) < 35;
        return new Event.InstructionRetired(s, cycle, eip, 3, bytes);
    }

    private Event rare(long s) {
        switch (random.nextInt(4)) {
            case 0:
                return new Event.RingTransition(s, cycle, 3, 0, Party.GUEST_USER, Party.GUEST_KERNEL, Cause.SYSTEM_CALL,
                        0x80, LABELS[random.nextInt(LABELS.length)]);
            case 1:
                return new Event.SystemCall(s, cycle, "int 0x80", random.nextInt(8), eip);
            case 2:
                return new Event.IoAccess(s, cycle, 0x3F8, 1, random.nextInt(256), true,
                        DEVICES[random.nextInt(DEVICES.length)]);
            default:
                return new Event.ConsoleOutput(s, cycle, 0xE9, "line " + random.nextInt(50) + "\n");
        }
    }
}
