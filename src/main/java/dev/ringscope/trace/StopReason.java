package dev.ringscope.trace;

import java.util.Locale;

/** Why a run stopped. */
public enum StopReason {
    /** {@code hlt} with interrupts off and nothing pending. */
    HALTED,
    /** The guest wrote to the debug-exit port 0xF4. */
    EXIT,
    /** A triple fault: a fault while delivering a double fault (SDM Vol. 3A §6.15, #DF). */
    SHUTDOWN,
    /** The instruction limit was reached. */
    LIMIT,
    /** Stopped from outside (the UI's pause, a breakpoint). */
    STOPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
