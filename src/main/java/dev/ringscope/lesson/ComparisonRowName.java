package dev.ringscope.lesson;

/** The rows of the comparison table (the columns of {@code ringscope compare}), by the names a lesson uses. */
public enum ComparisonRowName {
    CYCLES("cycles"), OVERHEAD("overhead"), TRANSITIONS("transitions"), TRAPS("traps"), VM_EXITS("vmExits"),
    HYPERCALLS("hypercalls"), TRANSLATIONS("translations"), HOLES("holes"), OUTPUT("output");

    private final String id;

    ComparisonRowName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static ComparisonRowName find(String name) {
        for (ComparisonRowName r : values()) {
            if (r.id.equals(name.trim())) {
                return r;
            }
        }
        return null;
    }
}
