package dev.ringscope.machine;

/**
 * A run of decoded instructions that execute one after another with nothing to check between
 * them: all on the fast path (no device, flag-register or privilege side effects), all in one
 * page, ending at the first branch. The machine runs a block in one tight loop and settles the
 * instruction and cycle counts once at its end.
 */
final class Block {

    static final int MAX_LENGTH = 64;

    final Uop[] uops;
    /** Offset of each instruction from the block's first EIP. */
    final int[] offsets;

    /** How many times the whole block has run, until it is compiled. */
    int runs;
    /** Its compiled form, once hot ({@link BlockCompiler}); null before. */
    CompiledBlock compiled;

    private Block(Uop[] uops, int[] offsets) {
        this.uops = uops;
        this.offsets = offsets;
    }

    // the blocks that followed this one last (a taken branch and a fall-through, typically),
    // by their first EIP; only blocks of the same page are remembered
    private Block next1;
    private int next1Eip;
    private Block next2;
    private int next2Eip;

    int length() {
        return uops.length;
    }

    Block successor(int eip) {
        if (next1 != null && next1Eip == eip) {
            return next1;
        }
        if (next2 != null && next2Eip == eip) {
            return next2;
        }
        return null;
    }

    void rememberSuccessor(int eip, Block b) {
        next2 = next1;
        next2Eip = next1Eip;
        next1 = b;
        next1Eip = eip;
    }

    /** Whether an instruction can be part of a block (the last one may branch). */
    static boolean fits(Uop u) {
        return u.fast != 0 && u.chainable;
    }

    static boolean endsBlock(Uop u) {
        return u.fast == Uop.F_JMP || u.fast == Uop.F_JCC || u.fast == Uop.F_CALL || u.fast == Uop.F_RET;
    }

    /**
     * The block starting with {@code first} at page offset {@code offset}, following the decoded
     * instructions of {@code page} ({@code decodeAt} decodes any not yet decoded).
     */
    static Block build(Uop first, int offset, java.util.function.IntFunction<Uop> decodeAt) {
        Uop[] uops = new Uop[MAX_LENGTH];
        int[] offsets = new int[MAX_LENGTH];
        int n = 0;
        int at = offset;
        Uop u = first;
        while (true) {
            uops[n] = u;
            offsets[n] = at - offset;
            n++;
            at += u.length;
            if (endsBlock(u) || n == MAX_LENGTH || at >= PhysicalMemory.PAGE_SIZE) {
                break;
            }
            Uop next = decodeAt.apply(at);
            if (next == null || !fits(next) || at + next.length > PhysicalMemory.PAGE_SIZE) {
                break;
            }
            u = next;
        }
        return new Block(java.util.Arrays.copyOf(uops, n), java.util.Arrays.copyOf(offsets, n));
    }
}
