package dev.ringscope.replay;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The instruction a view shows as last executed: the most recent {@link dev.ringscope.trace.Event.InstructionRetired}.
 *
 * @param index      its position among the retired instructions of the run, from 0
 * @param eventIndex the sequence number of its InstructionRetired event
 * @param cpl        the CPL the machine reported when it retired (after it ran: {@code int 0x80} from ring 3 says 0)
 */
public record CurrentInstruction(long index, long eventIndex, long cycle, int eip, int cpl, byte[] bytes) {

    public CurrentInstruction {
        bytes = bytes.clone();
    }

    /** A copy of the instruction's bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The byte at {@code i} of the instruction, 0–255. */
    public int byteAt(int i) {
        return bytes[i] & 0xFF;
    }

    // A record compares arrays by identity; two views of the same point must be equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof CurrentInstruction c && index == c.index && eventIndex == c.eventIndex
                && cycle == c.cycle && eip == c.eip && cpl == c.cpl && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(eventIndex) * 31 + eip;
    }

    @Override
    public String toString() {
        return String.format("#%d at 0x%08X cpl %d [%s]", index, eip, cpl, HexFormat.of().formatHex(bytes));
    }
}
