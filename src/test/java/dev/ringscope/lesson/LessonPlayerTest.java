package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LessonPlayerTest {

    private static ResolvedLesson resolved;

    @BeforeAll
    static void resolveLessonOne() throws Exception {
        resolved = new LessonResolver().resolve(LessonReader.read(Path.of("samples/lessons/01-rings-and-a-system-call.json")));
    }

    @Test
    void movesBetweenStepsAndSaysWhereItIs() {
        LessonPlayer p = new LessonPlayer(resolved);
        int n = p.stepCount();
        assertEquals("step 1 of " + n, p.progress());
        assertFalse(p.hasPrevious());
        assertEquals(resolved.position(0), p.previous(), "previous on the first step stays there");
        assertEquals(resolved.position(1), p.next());
        assertEquals("step 2 of " + n, p.progress());
        assertEquals(resolved.position(n - 1), p.jump(n - 1));
        assertFalse(p.hasNext());
        assertEquals(resolved.position(n - 1), p.next());
        assertEquals(resolved.position(0), p.restart());
        assertThrows(IndexOutOfBoundsException.class, () -> p.jump(n));
    }

    @Test
    void theAnswerIsHiddenUntilRevealed() {
        LessonPlayer p = new LessonPlayer(resolved);
        int asked = -1;
        for (int i = 0; i < p.stepCount() && asked < 0; i++) {
            if (resolved.lesson().steps().get(i).question().isPresent()) {
                asked = i;
            }
        }
        assertTrue(asked >= 0, "lesson 1 has a question");
        assertThrows(IllegalStateException.class, p::reveal, "step 1 has no question");
        p.jump(asked);
        Question q = p.question().orElseThrow();
        assertEquals(LessonPlayer.QuestionState.NOT_ASKED, p.questionState());
        assertEquals(Optional.empty(), p.revealedAnswer());
        int wrong = (q.answer() + 1) % q.choices().size();
        p.vote(wrong);
        assertEquals(LessonPlayer.QuestionState.VOTED, p.questionState());
        assertEquals(Optional.empty(), p.revealedAnswer(), "voting does not show the answer");
        p.reveal();
        assertEquals(Optional.of(q.answer()), p.revealedAnswer());
        assertEquals(Optional.of(false), p.votedRight());
        assertThrows(IllegalStateException.class, () -> p.vote(q.answer()));
        p.next();
        p.previous();
        assertEquals(LessonPlayer.QuestionState.REVEALED, p.questionState(), "a step remembers its question");
        p.restart();
        p.jump(asked);
        assertEquals(LessonPlayer.QuestionState.NOT_ASKED, p.questionState(), "restart asks again");
    }

    @Test
    void leavingTheScriptAndReturning() {
        LessonPlayer p = new LessonPlayer(resolved);
        p.jump(3);
        p.leaveScript();
        assertTrue(p.isOffScript());
        // the UI plays freely on the step's playback…
        resolved.playback(3).advance(500);
        // …and comes back exactly
        StepPosition back = p.returnToScript();
        assertFalse(p.isOffScript());
        assertEquals(resolved.position(3), back);
        assertEquals(back.instruction(), resolved.show(3).position().instruction());
    }
}
