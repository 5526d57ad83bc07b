package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a shipped lesson promises a lecturer: 5 to 12 steps, a question to ask, speaker notes on every
 * step, and points that really are where the narration says (checked here for the moments a lesson
 * names by event kind: the step just shown holds that event).
 */
class ShippedLessonsTest {

    static Stream<Path> lessons() throws IOException {
        return Files.list(Path.of("samples/lessons")).filter(f -> f.toString().endsWith(".json")).sorted();
    }

    @org.junit.jupiter.api.Test
    void theReadmeCountsTheShippedLessons() throws IOException {
        String[] words = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve"};
        long n;
        try (Stream<Path> files = lessons()) {
            n = files.count();
        }
        String readme = Files.readString(Path.of("README.md"));
        String said = n < words.length ? words[(int) n] : Long.toString(n);
        assertTrue(readme.contains("holds " + said + " guided lessons"), "README's Lessons paragraph: " + n + " lessons");
        assertTrue(readme.contains("presenter view), " + said + " lessons"), "README's status: " + n + " lessons");
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void isAGoodLessonToTeach(Path file) throws Exception {
        Lesson lesson = LessonReader.read(file);
        List<LessonStep> steps = lesson.steps();
        assertTrue(steps.size() >= 5 && steps.size() <= 12, steps.size() + " steps");
        assertTrue(steps.stream().anyMatch(s -> s.question().isPresent()), "at least one question");
        assertAll(steps.stream().map(s -> () -> assertFalse(s.notes().isBlank(), "speaker notes on step " + s.number())));
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void everyEventPointShowsItsEvent(Path file) throws Exception {
        ResolvedLesson r = new LessonResolver().resolve(LessonReader.read(file));
        List<LessonStep> steps = r.lesson().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).runTo() instanceof RunPoint.NextEvent next) {
                var playback = r.show(i);
                long after = playback.view().count(next.kind());
                boolean atEnd = playback.position().atEnd();
                playback.stepBack();
                long before = playback.view().count(next.kind());
                // the step shown holds the event, or (runEnded, guestHalted) it came after the last instruction
                assertTrue(after > before || atEnd && after > 0, file.getFileName() + " step " + (i + 1) + ": no "
                        + next.kind().jsonName() + " in the step shown");
                assertEquals(r.position(i).instruction(), r.show(i).position().instruction());
            }
        }
    }
}
