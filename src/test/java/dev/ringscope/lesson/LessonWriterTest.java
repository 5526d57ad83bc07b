package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A lesson written by the app reads back to the same lesson: the same text again, the same steps at the same points. */
class LessonWriterTest {

    static Stream<Path> lessons() throws IOException {
        return ShippedLessonsTest.lessons();
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void everyShippedLessonRoundTrips(Path file, @TempDir Path dir) throws Exception {
        Lesson original = LessonReader.read(file);
        Path copy = dir.resolve(file.getFileName());
        String written = LessonWriter.write(original, copy);
        Files.writeString(copy, written);
        Lesson reread = LessonReader.read(copy);
        assertEquals(written, LessonWriter.write(reread, copy), "writing what was read gives the same text");
        assertEquals(original.program(), reread.program(), "the guest program is found from the new place");
        assertEquals(original.steps().size(), reread.steps().size());
        for (int i = 0; i < original.steps().size(); i++) {
            LessonStep a = original.steps().get(i);
            LessonStep b = reread.steps().get(i);
            assertEquals(a.title(), b.title());
            assertEquals(a.narration(), b.narration());
            assertEquals(a.notes(), b.notes());
            assertEquals(a.question(), b.question());
            assertEquals(a.compare(), b.compare());
            assertEquals(a.runTo().describe(), b.runTo().describe());
            assertEquals(a.highlights().stream().map(LessonWriter::text).toList(),
                    b.highlights().stream().map(LessonWriter::text).toList());
        }
        assertEquals(new LessonResolver().resolve(original).positions(), new LessonResolver().resolve(reread).positions(),
                "the same points of the same runs");
    }
}
