package dev.ringscope.lesson;

import java.util.List;

/**
 * "Predict, then see": asked before the step's point is shown; the answer and the explanation are
 * shown only after the reveal.
 *
 * @param answer the index of the right choice in {@code choices} (0-based)
 */
public record Question(Markup prompt, List<Markup> choices, int answer, Markup explanation) {

    public Question {
        choices = List.copyOf(choices);
        if (choices.size() < 2 || choices.size() > 4 || answer < 0 || answer >= choices.size()) {
            throw new IllegalArgumentException("2-4 choices and an answer among them");
        }
    }
}
