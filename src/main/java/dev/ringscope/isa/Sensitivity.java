package dev.ringscope.isa;

/**
 * Popek and Goldberg's sensitivity of an instruction (CACM 17(7), 1974): control-sensitive ones
 * change the machine's configuration (mode, memory map, interrupt state); behaviour-sensitive
 * ones act or answer differently depending on that configuration.
 */
public enum Sensitivity {
    NONE, CONTROL, BEHAVIOUR;

    public String label() {
        return switch (this) {
            case NONE -> "none";
            case CONTROL -> "control";
            case BEHAVIOUR -> "behaviour";
        };
    }
}
