package dev.ringscope.machine;

/**
 * The architectural state of the processor: general registers, EIP, EFLAGS, segment registers with
 * their hidden descriptor caches, control registers, descriptor-table registers and the SYSENTER
 * MSRs. Plain fields, because the interpreter touches them hundreds of millions of times a second.
 */
public final class Cpu {

    // EFLAGS bits (SDM Vol. 1 §3.4.3)
    public static final int CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8, IF = 1 << 9,
            DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16, VM = 1 << 17, AC = 1 << 18,
            ID = 1 << 21;
    static final int ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

    // CR0 bits
    public static final int CR0_PE = 1, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
            CR0_WP = 1 << 16, CR0_PG = 1 << 31;
    public static final int CR4_TSD = 1 << 2, CR4_PSE = 1 << 4;

    // segment register numbers, as encoded (SDM Vol. 2A Table 3-6 … "sreg")
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    public final int[] reg = new int[8];
    public int eip;
    private int eflags = 2;

    public final int[] segSelector = new int[6];
    public final int[] segBase = new int[6];
    public final int[] segLimit = new int[6];
    /** Descriptor bytes 5–6 as loaded: access byte (P, DPL, S, type) and flags. */
    public final int[] segAccess = new int[6];

    public int cpl;
    public int cr0 = CR0_ET;
    public int cr2;
    public int cr3;
    public int cr4;
    public int gdtrBase, gdtrLimit = 0xFFFF;
    public int idtrBase, idtrLimit = 0xFFFF;
    public int ldtrSelector, ldtrBase, ldtrLimit;
    public int trSelector, trBase, trLimit;
    public int sysenterCs, sysenterEsp, sysenterEip;

    // Lazy arithmetic flags: the last flag-setting operation is remembered and CF, PF, AF, ZF, SF
    // and OF are worked out only when something reads them (most results are never tested).
    static final int LAZY_NONE = 0, LAZY_ADD = 1, LAZY_SUB = 2, LAZY_LOGIC = 3, LAZY_INC = 4, LAZY_DEC = 5;
    private int lazyOp;
    private int lazyA;
    private int lazyB;
    private int lazyCarry;
    private int lazyResult;
    private int lazySize;
    /** For INC/DEC, which keep CF: the CF before them. */
    private int lazySavedCf;

    public int eflags() {
        if (lazyOp != LAZY_NONE) {
            materialize();
        }
        return eflags;
    }

    /** Sets EFLAGS as the hardware keeps it: bit 1 always set, bits 3, 5, 15 and 22+ always clear. */
    public void setEflags(int value) {
        lazyOp = LAZY_NONE;
        eflags = (value | 2) & 0x003F_7FD7;
    }

    public boolean flag(int mask) {
        return (eflags() & mask) != 0;
    }

    /** TF, read without working out the lazy arithmetic flags (it is never one of them). */
    boolean trapFlag() {
        return (eflags & TF) != 0;
    }

    public int iopl() {
        return (eflags >>> 12) & 3; // IOPL is never lazy
    }

    /** Records an arithmetic result whose flags are computed later (see {@link #eflags()}). */
    void lazyFlags(int op, int a, int b, int carry, int result, int size) {
        lazyOp = op;
        lazyA = a;
        lazyB = b;
        lazyCarry = carry;
        lazyResult = result;
        lazySize = size;
    }

    void lazyIncDec(boolean inc, int a, int result, int size) {
        lazyIncDec(inc ? LAZY_INC : LAZY_DEC, a, result, size, carryFlag() ? 1 : 0);
    }

    /** INC ({@code op} LAZY_INC) or DEC, with the CF from before it ({@code savedCf}) already known. */
    void lazyIncDec(int op, int a, int result, int size, int savedCf) {
        lazyOp = op;
        lazyA = a;
        lazyB = 1;
        lazyCarry = 0;
        lazyResult = result;
        lazySize = size;
        lazySavedCf = savedCf;
    }

    private static int mask(int size) {
        return size == 4 ? -1 : size == 2 ? 0xFFFF : 0xFF;
    }

    private static int signBit(int size) {
        return size == 4 ? 0x8000_0000 : size == 2 ? 0x8000 : 0x80;
    }

    boolean carryFlag() {
        return switch (lazyOp) {
            case LAZY_NONE -> (eflags & CF) != 0;
            case LAZY_ADD -> lazySize == 4 ? addCarry32(lazyA, lazyCarry, lazyResult)
                    : (lazyA & mask(lazySize)) + (lazyB & mask(lazySize)) + lazyCarry > mask(lazySize);
            case LAZY_SUB -> lazySize == 4 ? subCarry32(lazyA, lazyB, lazyCarry)
                    : (lazyA & mask(lazySize)) < (lazyB & mask(lazySize)) + lazyCarry;
            case LAZY_LOGIC -> false;
            default -> lazySavedCf != 0;
        };
    }

    /** CF of a 32-bit ADD/ADC: the result wrapped below {@code a} (or to it, with a carry in). */
    static boolean addCarry32(int a, int carryIn, int result) {
        return carryIn == 0 ? Integer.compareUnsigned(result, a) < 0 : Integer.compareUnsigned(result, a) <= 0;
    }

    /** CF of a 32-bit SUB/SBB/CMP: a borrow. */
    static boolean subCarry32(int a, int b, int borrowIn) {
        return borrowIn == 0 ? Integer.compareUnsigned(a, b) < 0 : Integer.compareUnsigned(a, b) <= 0;
    }

    boolean zeroFlag() {
        return lazyOp == LAZY_NONE ? (eflags & ZF) != 0 : (lazyResult & mask(lazySize)) == 0;
    }

    boolean signFlag() {
        return lazyOp == LAZY_NONE ? (eflags & SF) != 0 : (lazyResult & signBit(lazySize)) != 0;
    }

    boolean overflowFlag() {
        int sb = signBit(lazySize);
        return switch (lazyOp) {
            case LAZY_NONE -> (eflags & OF) != 0;
            case LAZY_ADD, LAZY_INC -> ((lazyA ^ lazyResult) & (lazyB ^ lazyResult) & sb) != 0;
            case LAZY_SUB, LAZY_DEC -> ((lazyA ^ lazyB) & (lazyA ^ lazyResult) & sb) != 0;
            default -> false;
        };
    }

    private void materialize() {
        int r = lazyResult & mask(lazySize);
        int flags = Alu.szp(r, lazySize);
        if (carryFlag()) {
            flags |= CF;
        }
        if (overflowFlag()) {
            flags |= OF;
        }
        if (lazyOp != LAZY_LOGIC) {
            flags |= (lazyA ^ lazyB ^ lazyResult) & AF;
        }
        lazyOp = LAZY_NONE;
        eflags = (eflags & ~ARITH_FLAGS) | flags;
    }

    public boolean pagingEnabled() {
        return (cr0 & CR0_PG) != 0 && (cr0 & CR0_PE) != 0;
    }

    public int reg8(int n) {
        return n < 4 ? reg[n] & 0xFF : (reg[n - 4] >>> 8) & 0xFF;
    }

    public void setReg8(int n, int value) {
        if (n < 4) {
            reg[n] = (reg[n] & 0xFFFF_FF00) | (value & 0xFF);
        } else {
            reg[n - 4] = (reg[n - 4] & 0xFFFF_00FF) | (value & 0xFF) << 8;
        }
    }

    public int reg16(int n) {
        return reg[n] & 0xFFFF;
    }

    public void setReg16(int n, int value) {
        reg[n] = (reg[n] & 0xFFFF_0000) | (value & 0xFFFF);
    }

    /** A register of {@code size} bytes by its encoding number. */
    public int read(int n, int size) {
        return switch (size) {
            case 1 -> reg8(n);
            case 2 -> reg[n] & 0xFFFF;
            default -> reg[n];
        };
    }

    public void write(int n, int size, int value) {
        switch (size) {
            case 1 -> setReg8(n, value);
            case 2 -> setReg16(n, value);
            default -> reg[n] = value;
        }
    }

    /** Loads a segment register's visible selector and hidden cache. */
    void loadSegment(int sreg, int selector, int base, int limit, int access) {
        segSelector[sreg] = selector & 0xFFFF;
        segBase[sreg] = base;
        segLimit[sreg] = limit;
        segAccess[sreg] = access;
        if (sreg == CS) {
            cpl = selector & 3;
        }
    }

    /** A deep copy of the state (checkpoints). */
    public Cpu copy() {
        Cpu c = new Cpu();
        copyInto(c);
        return c;
    }

    public void copyInto(Cpu c) {
        System.arraycopy(reg, 0, c.reg, 0, 8);
        c.eip = eip;
        c.setEflags(eflags());
        System.arraycopy(segSelector, 0, c.segSelector, 0, 6);
        System.arraycopy(segBase, 0, c.segBase, 0, 6);
        System.arraycopy(segLimit, 0, c.segLimit, 0, 6);
        System.arraycopy(segAccess, 0, c.segAccess, 0, 6);
        c.cpl = cpl;
        c.cr0 = cr0;
        c.cr2 = cr2;
        c.cr3 = cr3;
        c.cr4 = cr4;
        c.gdtrBase = gdtrBase;
        c.gdtrLimit = gdtrLimit;
        c.idtrBase = idtrBase;
        c.idtrLimit = idtrLimit;
        c.ldtrSelector = ldtrSelector;
        c.ldtrBase = ldtrBase;
        c.ldtrLimit = ldtrLimit;
        c.trSelector = trSelector;
        c.trBase = trBase;
        c.trLimit = trLimit;
        c.sysenterCs = sysenterCs;
        c.sysenterEsp = sysenterEsp;
        c.sysenterEip = sysenterEip;
    }
}
