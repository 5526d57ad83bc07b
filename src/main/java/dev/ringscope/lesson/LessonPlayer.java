package dev.ringscope.lesson;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a lecturer is in a lesson, without any screen: the current step, moving between steps, the
 * state of each step's question, and "leave the script and return". Every move returns the
 * {@link StepPosition} the view must show (the UI seeks it, e.g. with {@link ResolvedLesson#show}); the
 * same step always gives the same position.
 */
public final class LessonPlayer {

    /** A step's question: not asked yet, a choice voted, or the answer revealed. */
    public enum QuestionState { NOT_ASKED, VOTED, REVEALED }

    private final ResolvedLesson resolved;
    private final int[] votes;
    private final QuestionState[] states;
    private int current;
    private boolean offScript;

    public LessonPlayer(ResolvedLesson resolved) {
        this.resolved = resolved;
        int n = resolved.positions().size();
        votes = new int[n];
        states = new QuestionState[n];
        Arrays.fill(votes, -1);
        Arrays.fill(states, QuestionState.NOT_ASKED);
    }

    public Lesson lesson() {
        return resolved.lesson();
    }

    /** 0-based. */
    public int currentIndex() {
        return current;
    }

    public LessonStep currentStep() {
        return lesson().steps().get(current);
    }

    public int stepCount() {
        return lesson().steps().size();
    }

    /** "step 4 of 12" */
    public String progress() {
        return "step " + (current + 1) + " of " + stepCount();
    }

    /** Where the current step's point is. */
    public StepPosition position() {
        return resolved.position(current);
    }

    public boolean hasNext() {
        return current + 1 < stepCount();
    }

    public boolean hasPrevious() {
        return current > 0;
    }

    /** To the next step (stays on the last one). */
    public StepPosition next() {
        return jump(Math.min(current + 1, stepCount() - 1));
    }

    /** To the previous step (stays on the first one). */
    public StepPosition previous() {
        return jump(Math.max(current - 1, 0));
    }

    /** To the first step, every question unasked again. */
    public StepPosition restart() {
        Arrays.fill(votes, -1);
        Arrays.fill(states, QuestionState.NOT_ASKED);
        return jump(0);
    }

    /** To step {@code index} (0-based); back on the script. */
    public StepPosition jump(int index) {
        if (index < 0 || index >= stepCount()) {
            throw new IndexOutOfBoundsException("no step " + (index + 1) + " in a lesson of " + stepCount());
        }
        current = index;
        offScript = false;
        return position();
    }

    // ---------------------------------------------------------------- leaving the script

    /** The lecturer steps, seeks or plays freely; the player keeps the step to come back to. */
    public void leaveScript() {
        offScript = true;
    }

    public boolean isOffScript() {
        return offScript;
    }

    /** Back on the script at the current step's position (the UI seeks there). */
    public StepPosition returnToScript() {
        offScript = false;
        return position();
    }

    // ---------------------------------------------------------------- the question of the current step

    public Optional<Question> question() {
        return currentStep().question();
    }

    public QuestionState questionState() {
        return states[current];
    }

    /** The audience's choice (0-based); may change until the reveal. */
    public void vote(int choice) {
        Question q = question().orElseThrow(() -> new IllegalStateException(progress() + " has no question"));
        if (states[current] == QuestionState.REVEALED) {
            throw new IllegalStateException("the answer is already revealed");
        }
        if (choice < 0 || choice >= q.choices().size()) {
            throw new IndexOutOfBoundsException("no choice " + choice + " among " + q.choices().size());
        }
        votes[current] = choice;
        states[current] = QuestionState.VOTED;
    }

    /** The choice voted, if any. */
    public Optional<Integer> vote() {
        return votes[current] < 0 ? Optional.empty() : Optional.of(votes[current]);
    }

    /** Shows the answer (with or without a vote first). */
    public void reveal() {
        question().orElseThrow(() -> new IllegalStateException(progress() + " has no question"));
        states[current] = QuestionState.REVEALED;
    }

    /** The right choice's index, only once revealed: before that the screen must not know it. */
    public Optional<Integer> revealedAnswer() {
        return states[current] == QuestionState.REVEALED ? question().map(Question::answer) : Optional.empty();
    }

    /** Whether the vote was right, once revealed. */
    public Optional<Boolean> votedRight() {
        return revealedAnswer().flatMap(a -> vote().map(v -> v.equals(a)));
    }
}
