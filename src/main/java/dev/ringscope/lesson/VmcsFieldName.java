package dev.ringscope.lesson;

import java.util.Locale;

/**
 * The VMCS fields RingScope's VMCS panel shows (vmm.Vmcs), by their SDM names (SDM Vol. 3C §25.4,
 * guest-state area; §25.6, execution controls; §25.9, VM-exit information fields).
 */
public enum VmcsFieldName {
    GUEST_RIP, GUEST_RSP, GUEST_RFLAGS, GUEST_CR0, GUEST_CR3, GUEST_CR4, GUEST_CS, GUEST_SS, GUEST_GDTR_BASE,
    GUEST_IDTR_BASE, GUEST_TR, HOST_RIP, HOST_CR3, PIN_BASED_CONTROLS, PRIMARY_CONTROLS, SECONDARY_CONTROLS,
    EXCEPTION_BITMAP, IO_BITMAPS, EXIT_REASON, EXIT_QUALIFICATION, EXIT_INSTRUCTION_LENGTH, EXIT_INTERRUPTION_INFO,
    ENTRY_INTERRUPTION_INFO, TPR_THRESHOLD;

    /** The field named {@code name} (case does not matter), or null. */
    static VmcsFieldName find(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (VmcsFieldName f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        return null;
    }
}
