package dev.ringscope.ui.present;

import dev.ringscope.lesson.Lesson;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.lesson.Markup;
import dev.ringscope.lesson.Question;
import dev.ringscope.lesson.ResolvedLesson;
import dev.ringscope.lesson.StepPosition;
import dev.ringscope.ui.Renderer;
import dev.ringscope.ui.Themes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lesson's steps as pictures — each step's main window at its resolved point, in the window of its
 * technique, ISA and cost preset — and as handout pages. The command line ({@code lesson export}) and the
 * app's File ▸ Export share it, so a handout made in class is the one made in a script.
 */
public final class LessonPictures {

    private LessonPictures() {
    }

    /** Every step drawn {@code width}×{@code height} in {@code theme}; call off the JavaFX thread. */
    public static List<BufferedImage> pictures(ResolvedLesson resolved, int width, int height, Themes.Theme theme,
                                               Renderer.Progress progress)
            throws IOException, Renderer.Failure, Renderer.Cancelled {
        Lesson lesson = resolved.lesson();
        List<BufferedImage> out = new ArrayList<>();
        int steps = lesson.steps().size();
        for (int i = 0; i < steps; i++) {
            StepPosition p = resolved.position(i);
            out.add(Renderer.rendered(lesson.program(), lesson.setupOf(lesson.steps().get(i)), p.instruction() + 1,
                    width, height, theme).picture());
            if (!progress.advanced(i + 1, steps)) {
                throw new Renderer.Cancelled();
            }
        }
        return out;
    }

    /** A handout page a step: its title, picture and narration, and for a question its choices and answer. */
    public static List<Handout.Page> pages(Lesson lesson, List<BufferedImage> pictures) {
        List<Handout.Page> pages = new ArrayList<>();
        for (int i = 0; i < lesson.steps().size(); i++) {
            LessonStep s = lesson.steps().get(i);
            String question = "";
            List<String> choices = List.of();
            String answer = "";
            if (s.question().isPresent()) {
                Question q = s.question().get();
                question = q.prompt().plain();
                choices = q.choices().stream().map(Markup::plain).toList();
                answer = (char) ('A' + q.answer()) + ". " + q.choices().get(q.answer()).plain() + " - "
                        + q.explanation().plain();
            }
            pages.add(new Handout.Page(s.number() + ". " + s.title(), pictures.get(i), s.narration().plain(), question,
                    choices, answer));
        }
        return pages;
    }
}
