package dev.ringscope.machine;

/**
 * The local APIC, as far as RingScope models it: its registers are memory in the physical page at
 * {@link #BASE} (the IA32_APIC_BASE reset value, SDM Vol. 3A §10.4.1, §10.4.4), and of them only
 * the task-priority register at offset 0x80 holds anything (bits 7:4 priority class, 3:0
 * sub-class, 31:8 reserved, reading 0; §10.8.3.1). Every other register reads 0 and ignores writes.
 * The TPR does not filter the 8259A's interrupts here: the mini OS takes only those.
 */
public final class LocalApic {

    public static final int BASE = 0xFEE0_0000;
    /** Offset of the task-priority register in the APIC page (SDM Vol. 3A Table 10-1). */
    public static final int TPR = 0x80;

    private int tpr;

    /** Whether {@code physical} lies in the APIC's page. */
    public static boolean contains(int physical) {
        return (physical & ~0xFFF) == BASE;
    }

    int read(int offset) {
        return offset == TPR ? tpr : 0;
    }

    void write(int offset, int value) {
        if (offset == TPR) {
            tpr = value & 0xFF;
        }
    }

    public int tpr() {
        return tpr;
    }

    void setTpr(int value) {
        tpr = value & 0xFF;
    }
}
