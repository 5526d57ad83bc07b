package dev.ringscope.machine;

/**
 * The 8259A programmable interrupt controller pair, master at 0x20/0x21 and slave at 0xA0/0xA1,
 * cascaded on IRQ 2 — the subset real kernels use: ICW1–ICW4 initialisation (vector remap),
 * the interrupt mask (OCW1), non-specific and specific EOI (OCW2), reading IRR/ISR (OCW3).
 * Fixed priority, IRQ 0 highest. Source: Intel 8259A datasheet; QEMU hw/intc/i8259.c behaviour.
 */
final class Pic implements IoDevice {

    /** One 8259A chip. */
    static final class Chip {
        int vectorBase;
        int imr = 0xFF;
        int irr;
        int isr;
        int initStep;
        boolean needIcw4;
        boolean single;
        boolean readIsr;
        boolean autoEoi;

        void command(int value) {
            if ((value & 0x10) != 0) { // ICW1
                initStep = 2;
                needIcw4 = (value & 1) != 0;
                single = (value & 2) != 0;
                imr = 0;
                isr = 0;
                irr = 0;
                readIsr = false;
                autoEoi = false;
            } else if ((value & 0x08) != 0) { // OCW3
                if ((value & 2) != 0) {
                    readIsr = (value & 1) != 0;
                }
            } else { // OCW2
                int cmd = value >>> 5;
                if (cmd == 1 || cmd == 5) { // non-specific EOI (5: with rotate, treated alike)
                    int highest = highestBit(isr);
                    if (highest >= 0) {
                        isr &= ~(1 << highest);
                    }
                } else if (cmd == 3 || cmd == 7) { // specific EOI
                    isr &= ~(1 << (value & 7));
                }
            }
        }

        void data(int value) {
            switch (initStep) {
                case 2 -> {
                    vectorBase = value & 0xF8;
                    initStep = single ? (needIcw4 ? 4 : 0) : 3;
                }
                case 3 -> initStep = needIcw4 ? 4 : 0;
                case 4 -> {
                    autoEoi = (value & 2) != 0;
                    initStep = 0;
                }
                default -> imr = value & 0xFF;
            }
        }

        /** The highest-priority request that is unmasked and above everything in service, or -1. */
        int pending() {
            int candidates = irr & ~imr;
            int request = highestBit(candidates);
            if (request < 0) {
                return -1;
            }
            int inService = highestBit(isr);
            return inService >= 0 && inService <= request ? -1 : request;
        }

        static int highestBit(int bits) {
            return bits == 0 ? -1 : Integer.numberOfTrailingZeros(bits);
        }
    }

    final Chip master = new Chip();
    final Chip slave = new Chip();

    @Override
    public String name() {
        return "8259A PIC";
    }

    /** An edge on an IRQ line (0–15). */
    void raise(int irq) {
        if (irq < 8) {
            master.irr |= 1 << irq;
        } else {
            slave.irr |= 1 << (irq - 8);
        }
    }

    /** Takes back a request on an IRQ line (0–15) that has not been acknowledged yet. */
    void withdraw(int irq) {
        if (irq < 8) {
            master.irr &= ~(1 << irq);
        } else {
            slave.irr &= ~(1 << (irq - 8));
        }
    }

    private void cascade() {
        if (slave.pending() >= 0) {
            master.irr |= 1 << 2;
        } else {
            master.irr &= ~(1 << 2);
        }
    }

    boolean hasInterrupt() {
        cascade();
        return master.pending() >= 0;
    }

    /** The interrupt acknowledge cycle: the IRQ being delivered (0–15), now in service. */
    int acknowledge() {
        cascade();
        int irq = master.pending();
        if (irq < 0) {
            return -1;
        }
        master.irr &= ~(1 << irq);
        if (!master.autoEoi) {
            master.isr |= 1 << irq;
        }
        if (irq == 2) {
            int s = slave.pending();
            if (s >= 0) {
                slave.irr &= ~(1 << s);
                if (!slave.autoEoi) {
                    slave.isr |= 1 << s;
                }
                return 8 + s;
            }
        }
        return irq;
    }

    int vectorFor(int irq) {
        return irq < 8 ? master.vectorBase + irq : slave.vectorBase + irq - 8;
    }

    @Override
    public int in(int port, int size) {
        Chip c = port >= 0xA0 ? slave : master;
        if ((port & 1) == 0) {
            return c.readIsr ? c.isr : c.irr;
        }
        return c.imr;
    }

    @Override
    public void out(int port, int size, int value) {
        Chip c = port >= 0xA0 ? slave : master;
        if ((port & 1) == 0) {
            c.command(value & 0xFF);
        } else {
            c.data(value & 0xFF);
        }
    }

    Pic copy() {
        Pic p = new Pic();
        copyChip(master, p.master);
        copyChip(slave, p.slave);
        return p;
    }

    void restore(Pic from) {
        copyChip(from.master, master);
        copyChip(from.slave, slave);
    }

    private static void copyChip(Chip a, Chip b) {
        b.vectorBase = a.vectorBase;
        b.imr = a.imr;
        b.irr = a.irr;
        b.isr = a.isr;
        b.initStep = a.initStep;
        b.needIcw4 = a.needIcw4;
        b.single = a.single;
        b.readIsr = a.readIsr;
        b.autoEoi = a.autoEoi;
    }
}
