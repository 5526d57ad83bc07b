package dev.ringscope.machine;

import dev.ringscope.isa.Form;
import dev.ringscope.isa.Pattern;
import java.util.Set;

/**
 * {@code --isa strict}: "what if x86 met Popek and Goldberg?" The instructions that reveal or
 * silently change privileged state without trapping (Robin &amp; Irvine, USENIX Security 2000) raise
 * #GP(0) at CPL &gt; 0 instead, so a trap-and-emulate VMM sees every one of them. Far transfers and
 * {@code int n} are left alone: they already go through descriptors the VMM controls.
 */
final class StrictIsa {

    private static final Set<String> TRAPPING = Set.of("pushfd", "popfd", "pushfw", "popfw", "sgdt", "sidt", "sldt", "smsw", "str",
            "lar", "lsl", "verr", "verw", "push sreg", "iretd");

    private StrictIsa() {
    }

    static boolean traps(Form form) {
        if (form == null) {
            return false;
        }
        if (TRAPPING.contains(form.row())) {
            return true;
        }
        // reading a segment register (mov r/m, sreg) reveals the CPL in CS's low bits
        return form.row().equals("mov sreg") && form.arity() == 2 && form.operand(1) == Pattern.SREG;
    }
}
