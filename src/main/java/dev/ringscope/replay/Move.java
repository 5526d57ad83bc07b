package dev.ringscope.replay;

/**
 * What a playback move did.
 *
 * @param stop         why it stopped
 * @param breakpoint   the breakpoint hit, or null
 * @param instructions instruction boundaries moved: positive forward, negative back
 */
public record Move(Stop stop, Breakpoint breakpoint, long instructions) {

    public enum Stop {
        /** Did what was asked. */
        COMPLETED,
        /** A breakpoint was hit; see {@link Move#breakpoint()}. */
        BREAKPOINT,
        /** The run (or the recorded trace) has no more instructions: playback is at its last event. */
        END,
        /** The instruction limit given (or the budget of machine steps) ran out first. */
        LIMIT,
        /** Already at the start; nothing to step back over. */
        AT_START
    }

    public boolean moved() {
        return instructions != 0;
    }
}
