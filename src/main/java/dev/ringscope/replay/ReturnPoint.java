package dev.ringscope.replay;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;

/**
 * Where a {@code call}, {@code int n} or {@code int3} comes back to, for stepping over it: the
 * instruction after it, in the caller's ring, with the stack back at the caller's level or above (so
 * a recursive call returning to the same address deeper down does not count).
 *
 * @param eip       the return address
 * @param ring      the caller's ring
 * @param lowestEsp the lowest ESP (unsigned) the return can leave
 */
record ReturnPoint(int eip, int ring, int lowestEsp) {

    /**
     * The return point of the instruction {@code afterCall} shows as just executed, or null if it is
     * no call.
     *
     * @param espBefore ESP before that instruction's step, or null if not known
     */
    static ReturnPoint of(ViewBuilder afterCall, Integer espBefore) {
        CurrentInstruction call = afterCall.current();
        if (call == null) {
            return null;
        }
        Decoded d = Decoder.decode(call.bytes(), 0, call.eip() & 0xFFFF_FFFFL);
        if (!d.isValid()) {
            return null;
        }
        Mnemonic m = d.instruction().mnemonic();
        if (m != Mnemonic.CALL && m != Mnemonic.INT && m != Mnemonic.INT3) {
            return null;
        }
        int returnEip = call.eip() + d.length();
        Event.RingTransition crossing = afterCall.stepCrossing();
        if (crossing != null && crossing.toRing() == call.cpl() && crossing.fromRing() != crossing.toRing()) {
            // into an inner ring (SDM 3A 6.12.1): the return restores the caller's own stack as it was
            return new ReturnPoint(returnEip, crossing.fromRing(), espBefore == null ? 0 : espBefore);
        }
        // the same ring: returning pops what the call pushed, 4 bytes at least
        Integer espAfter = afterCall.register(ArchRegister.ESP);
        return new ReturnPoint(returnEip, call.cpl(), espAfter == null ? 0 : espAfter + 4);
    }

    /** Whether {@code r}, retiring with ESP {@code esp} before its own writes, is the return. */
    boolean reachedBy(Event.InstructionRetired r, Integer esp) {
        return r.eip() == eip && r.cpl() == ring && Integer.compareUnsigned(esp == null ? 0 : esp, lowestEsp) >= 0;
    }
}
