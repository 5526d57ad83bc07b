package dev.ringscope.trace;

/** Who runs on one side of a ring transition. */
public enum Party {
    GUEST_USER("guest user"), GUEST_KERNEL("guest kernel"), VMM("VMM");

    private final String label;

    Party(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
