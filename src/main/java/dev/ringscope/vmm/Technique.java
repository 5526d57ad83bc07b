package dev.ringscope.vmm;

import dev.ringscope.trace.RingOccupancy;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The five ways RingScope runs a guest (DESIGN.md, "The techniques"). */
public enum Technique {
    NATIVE("native", "Native", "guest kernel in ring 0, user code in ring 3: the baseline"),
    TRAP_EMULATE("trap-emulate", "Trap and emulate",
            "the VMM owns ring 0; the guest kernel runs in ring 1 and its privileged instructions trap"),
    BINARY_TRANSLATION("binary-translation", "Binary translation",
            "guest kernel code runs from a translation cache, sensitive instructions rewritten"),
    PARAVIRTUAL("paravirtual", "Paravirtualization",
            "the kernel built with PARAVIRT asks the hypervisor by hypercall (int 0x82)"),
    HARDWARE_ASSISTED("hardware-assisted", "Hardware assist (VT-x)",
            "the unmodified guest in VMX non-root; the VMM in root mode (ring -1) takes VM exits");

    private final String id;
    private final String title;
    private final String summary;

    Technique(String id, String title, String summary) {
        this.id = id;
        this.title = title;
        this.summary = summary;
    }

    /** The command-line name ({@code trap-emulate}). */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String summary() {
        return summary;
    }

    /**
     * Who lives in which ring under this technique: native kernel 0 and user 3; the three software
     * techniques compress the guest kernel into ring 1 and keep ring 0 for the VMM; hardware assist
     * leaves the guest its rings 0 and 3 in VMX non-root and puts the VMM in root operation (ring −1).
     */
    public RingOccupancy rings() {
        return switch (this) {
            case NATIVE -> RingOccupancy.NATIVE;
            case TRAP_EMULATE, BINARY_TRANSLATION, PARAVIRTUAL -> RingOccupancy.RING_COMPRESSED;
            case HARDWARE_ASSISTED -> RingOccupancy.VMX;
        };
    }

    /** Whether the guest must be built with {@code PARAVIRT} defined. */
    public boolean needsParavirtualGuest() {
        return this == PARAVIRTUAL;
    }

    /** The macros a mini-OS guest is built with for this technique: {@code defines}, plus PARAVIRT if it needs it. */
    public java.util.Map<String, String> guestDefines(java.util.Map<String, String> defines) {
        if (!needsParavirtualGuest()) {
            return defines;
        }
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>(defines);
        d.putIfAbsent("PARAVIRT", "1");
        return d;
    }

    public static Technique parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Technique t : values()) {
            if (t.id.equals(n) || t.name().equalsIgnoreCase(n.replace('-', '_'))) {
                return t;
            }
        }
        switch (n) {
            case "te", "trap-and-emulate", "trap" -> {
                return TRAP_EMULATE;
            }
            case "bt" -> {
                return BINARY_TRANSLATION;
            }
            case "pv" -> {
                return PARAVIRTUAL;
            }
            case "hw", "vt-x", "vtx", "hvm" -> {
                return HARDWARE_ASSISTED;
            }
            default -> throw new IllegalArgumentException("unknown technique '" + name + "': use one of "
                    + Arrays.stream(values()).map(Technique::id).collect(Collectors.joining(", ")));
        }
    }
}
