package dev.ringscope.replay;

import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.Arrays;

/**
 * Where each instruction's InstructionRetired event is in a trace: the seq of every
 * {@link #STRIDE}th one is kept, and the rest are found by scanning event kinds from there (cheap:
 * no event is decoded). Grows lazily with the trace.
 */
final class InstructionIndex {

    static final int STRIDE = 64;

    private final Trace trace;
    private long[] sampled = new long[256];
    private long found;     // InstructionRetired events seen
    private long scanned;   // events looked at

    InstructionIndex(Trace trace) {
        this.trace = trace;
    }

    /** The seq of the InstructionRetired of instruction {@code index}, or -1 if the trace has none yet. */
    long eventOf(long index) {
        if (index < 0) {
            return -1;
        }
        while (found <= index && scanned < trace.size()) {
            scanOne();
        }
        if (found <= index) {
            return -1;
        }
        long at = sampled[(int) (index / STRIDE)];
        long passed = (index / STRIDE) * STRIDE;
        while (true) {
            if (trace.kindAt(at) == EventKind.INSTRUCTION_RETIRED) {
                if (passed == index) {
                    return at;
                }
                passed++;
            }
            at++;
        }
    }

    private void scanOne() {
        long at = scanned++;
        if (trace.kindAt(at) == EventKind.INSTRUCTION_RETIRED) {
            if (found % STRIDE == 0) {
                int slot = (int) (found / STRIDE);
                if (slot == sampled.length) {
                    sampled = Arrays.copyOf(sampled, slot * 2);
                }
                sampled[slot] = at;
            }
            found++;
        }
    }
}
