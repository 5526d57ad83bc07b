package dev.ringscope.ui.present;

import dev.ringscope.lesson.Markup;
import java.util.List;

/**
 * A "predict, then see" question as the screen shows it now: the prompt and the choices always; the vote once
 * the class has voted; the answer and its explanation only once revealed (before that the screen does not
 * know them, so nothing can show them early).
 *
 * @param voted       the choice voted (0-based), or -1
 * @param answer      the right choice (0-based) once revealed, or -1
 * @param explanation why, once revealed, or null
 */
public record Poll(Markup prompt, List<Markup> choices, int voted, int answer, Markup explanation) {

    public Poll {
        choices = List.copyOf(choices);
    }

    public boolean revealed() {
        return answer >= 0;
    }

    /** "A", "B", … for choice {@code i}. */
    public static String letter(int i) {
        return String.valueOf((char) ('A' + i));
    }
}
