package dev.ringscope.replay;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.isa.Mnemonic;

/** Whether an instruction comes back to the one after it: {@code call}, {@code int n}, {@code int3}. */
final class CallSite {

    private CallSite() {
    }

    /** The address execution returns to after {@code instruction}, or null if it is no call. */
    static Integer returnAddress(CurrentInstruction instruction) {
        Decoded d = Decoder.decode(instruction.bytes(), 0, instruction.eip() & 0xFFFF_FFFFL);
        if (!d.isValid()) {
            return null;
        }
        Mnemonic m = d.instruction().mnemonic();
        if (m == Mnemonic.CALL || m == Mnemonic.INT || m == Mnemonic.INT3) {
            return instruction.eip() + d.length();
        }
        return null;
    }
}
