package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonCommandTest {

    @TempDir
    Path dir;

    private static List<Path> shippedLessons() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples/lessons"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** A lesson beside a copy of hello.asm's name resolved under samples/, with one step of these members. */
    private Path lessonFile(String name, String stepMembers) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "{\"format\": 1, \"title\": \"t\", \"program\": \"user/hello.asm\", \"steps\": [{\"title\": \"s\", "
                + "\"narration\": \"n\", " + stepMembers + "}]}");
        return f;
    }

    @Test
    void everyShippedLessonChecksOut() throws IOException {
        List<Path> lessons = shippedLessons();
        assertTrue(lessons.size() >= 8, "at least eight lessons ship: " + lessons);
        String[] args = Stream.concat(Stream.of("lesson", "check"), lessons.stream().map(Path::toString)).toArray(String[]::new);
        Cli r = Cli.run(args);
        assertEquals("", r.err());
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        assertEquals(lessons.size(), lines.size());
        for (int i = 0; i < lessons.size(); i++) {
            assertTrue(lines.get(i).matches(java.util.regex.Pattern.quote(lessons.get(i).getFileName().toString())
                    + ": \\d+ steps, every point reached"), lines.get(i));
        }
    }

    @Test
    void aBadFileExitsTwoWithItsProblems() throws IOException {
        Path bad = lessonFile("bad.json", "\"runTo\": {\"event\": \"systemCall\"}, \"narraton\": \"x\"");
        Cli r = Cli.run("lesson", "check", bad.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("bad.json:1:147: field 'steps[0].narraton': unknown field; a step has only title, runTo, "
                + "narration, highlight, technique, isa, cost, compare, notes, question, rings, host"), r.errLines());
    }

    @Test
    void malformedJsonExitsTwo() throws IOException {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"format\": 1,\n \"title\": }");
        Cli r = Cli.run("lesson", "check", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("broken.json:2:"), r.err());
    }

    @Test
    void anUnreachedPointExitsOne() throws IOException {
        Path lesson = lessonFile("far.json", "\"runTo\": {\"event\": \"vmExit\"}");
        Cli r = Cli.run("lesson", "check", lesson.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("far.json: step 1 ('s'): the run ended after 4,507 instructions before the next vmExit"),
                r.errLines());
    }

    @Test
    void aBadFileOutweighsAnUnreachedPointAndTheGoodOnesStillPrint() throws IOException {
        Path far = lessonFile("far.json", "\"runTo\": {\"event\": \"vmExit\"}");
        Path bad = lessonFile("bad.json", "\"runTo\": {\"event\": \"vmExit\", \"count\": 0}");
        Path good = lessonFile("good.json", "\"runTo\": {\"event\": \"systemCall\"}");
        Cli r = Cli.run("lesson", "check", far.toString(), bad.toString(), good.toString(), dir.resolve("missing.json").toString());
        assertEquals(2, r.code());
        assertEquals("good.json: 1 step, every point reached\n", r.out().replace("\r", ""));
        assertEquals(3, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(2).contains("cannot read '" + dir.resolve("missing.json") + "': no such file"), r.err());
    }

    @Test
    void noFileIsAUsageError() {
        assertEquals(2, Cli.run("lesson", "check").code());
        assertEquals(2, Cli.run("lesson").code());
    }
}
