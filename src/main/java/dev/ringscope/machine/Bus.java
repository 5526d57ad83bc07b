package dev.ringscope.machine;


/**
 * Data accesses as the CPU makes them: segment base + offset gives the linear address, paging
 * gives the physical one (with the CPL's user/supervisor rights), then RAM. Accesses that cross a
 * page boundary are split so each half is translated and checked. Every access is an event when
 * tracing.
 */
final class Bus {

    private final Machine m;
    private final Cpu cpu;
    private final PhysicalMemory memory;
    private final Paging paging;

    Bus(Machine m) {
        this.m = m;
        this.cpu = m.cpu;
        this.memory = m.memory;
        this.paging = m.paging;
    }

    private int userBit() {
        return cpu.cpl == 3 ? Paging.USER : 0;
    }

    int read(int seg, int offset, int size) {
        return readLinear(cpu.segBase[seg] + offset, size, userBit());
    }

    void write(int seg, int offset, int size, int value) {
        writeLinear(cpu.segBase[seg] + offset, size, value, userBit());
    }

    /** A dword read on the fast path: one page, no tracing. */
    int read32(int seg, int offset) {
        int linear = cpu.segBase[seg] + offset;
        if ((linear & 0xFFF) <= 0xFFC && !m.tracing) {
            return memory.read32(paging.translate(linear, cpu.cpl == 3 ? Paging.USER : 0));
        }
        return readLinear(linear, 4, userBit());
    }

    void write32(int seg, int offset, int value) {
        int linear = cpu.segBase[seg] + offset;
        if ((linear & 0xFFF) <= 0xFFC && !m.tracing) {
            memory.write32(paging.translate(linear, (cpu.cpl == 3 ? Paging.USER : 0) | Paging.WRITE), value);
            return;
        }
        writeLinear(linear, 4, value, userBit());
    }

    /** Reads with supervisor rights whatever the CPL: descriptor tables, the TSS (SDM Vol. 3A §4.6.1). */
    int readSystem(int linear, int size) {
        return readLinear(linear, size, 0);
    }

    void writeSystem(int linear, int size, int value) {
        writeLinear(linear, size, value, 0);
    }

    int readLinear(int linear, int size, int user) {
        int value;
        int physical;
        if ((linear & 0xFFF) <= 0x1000 - size) {
            physical = paging.translate(linear, user);
            value = switch (size) {
                case 1 -> memory.read8(physical);
                case 2 -> memory.read16(physical);
                default -> memory.read32(physical);
            };
        } else {
            physical = paging.translate(linear, user);
            value = 0;
            for (int i = 0; i < size; i++) {
                value |= memory.read8(paging.translate(linear + i, user)) << (8 * i);
            }
        }
        if (m.tracing) {
            m.sink().memoryAccess(m.nextSeq(), m.cycles, linear, physical, size, value, false);
        }
        return value;
    }

    void writeLinear(int linear, int size, int value, int user) {
        int physical;
        if ((linear & 0xFFF) <= 0x1000 - size) {
            physical = paging.translate(linear, user | Paging.WRITE);
            switch (size) {
                case 1 -> memory.write8(physical, value);
                case 2 -> memory.write16(physical, value);
                default -> memory.write32(physical, value);
            }
        } else {
            // translate every byte first, so a fault on the second page writes nothing
            int[] phys = new int[size];
            for (int i = 0; i < size; i++) {
                phys[i] = paging.translate(linear + i, user | Paging.WRITE);
            }
            for (int i = 0; i < size; i++) {
                memory.write8(phys[i], value >>> (8 * i));
            }
            physical = phys[0];
        }
        if (m.tracing) {
            m.sink().memoryAccess(m.nextSeq(), m.cycles, linear, physical, size, value, true);
        }
    }

    // the stack, through SS (SDM Vol. 1 §6.2)
    void push(int size, int value) {
        int esp = cpu.reg[4] - size;
        if (size == 4) {
            write32(Cpu.SS, esp, value);
        } else {
            write(Cpu.SS, esp, size, value);
        }
        cpu.reg[4] = esp;
    }

    int pop(int size) {
        int value = read(Cpu.SS, cpu.reg[4], size);
        cpu.reg[4] += size;
        return value;
    }
}
