package dev.ringscope.ui.present;

import java.util.List;

/**
 * What one step of a presentation shows: on the projector the heading (the ring, who runs there), the
 * instruction and the narration; on the presenter view the notes, what comes next, and the list of steps
 * with the current one.
 *
 * @param current the index of this step in {@code steps}, or -1 when it is not in the list
 * @param poll    the step's question as it stands (asked, voted, revealed), or null
 */
public record Step(String heading, String instruction, String narration, String notes, String next,
                   List<String> steps, int current, Poll poll) {

    public Step {
        steps = List.copyOf(steps);
    }

    /** A step without a question. */
    public Step(String heading, String instruction, String narration, String notes, String next, List<String> steps,
                int current) {
        this(heading, instruction, narration, notes, next, steps, current, null);
    }
}
