package dev.ringscope.isa;

/**
 * How an instruction stands to the protection rules, with the source of the classification.
 *
 * @param privileged    raises #GP(0) when CPL &gt; 0 (SDM 3A §5.9)
 * @param ioplSensitive raises #GP(0) (or consults the I/O bitmap) when CPL &gt; IOPL
 * @param sensitivity   Popek–Goldberg sensitivity
 * @param source        where the classification comes from
 */
public record PrivilegeClass(boolean privileged, boolean ioplSensitive, Sensitivity sensitivity, String source) {

    public enum Kind { PRIVILEGED, IOPL_SENSITIVE, SENSITIVE_UNPRIVILEGED, INNOCUOUS }

    public Kind kind() {
        if (privileged) {
            return Kind.PRIVILEGED;
        }
        if (ioplSensitive) {
            return Kind.IOPL_SENSITIVE;
        }
        return sensitivity == Sensitivity.NONE ? Kind.INNOCUOUS : Kind.SENSITIVE_UNPRIVILEGED;
    }

    /** Sensitive but not privileged: the instructions that break classic trap-and-emulate on x86. */
    public boolean isVirtualizationHole() {
        return kind() == Kind.SENSITIVE_UNPRIVILEGED;
    }
}
