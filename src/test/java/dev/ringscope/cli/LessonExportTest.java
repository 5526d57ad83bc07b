package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.lesson.Lesson;
import dev.ringscope.lesson.LessonReader;
import dev.ringscope.lesson.LessonStep;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lesson export` draws every step at its point: a PDF handout, a GIF, PNG slides, each read back. */
class LessonExportTest {

    static final Path LESSON = Path.of("samples/lessons/02-privileged-instructions.json");

    private static int run(StringWriter err, String... args) {
        return RingScopeCommand.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void aHandoutHasAPageAStepWithItsNarrationAndTheAnswerToItsQuestion(@TempDir Path dir) throws Exception {
        Lesson lesson = LessonReader.read(LESSON);
        Path pdf = dir.resolve("handout.pdf");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "lesson", "export", LESSON.toString(), "--pdf", pdf.toString(), "--size", "640x400"),
                err.toString());
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertEquals(lesson.steps().size(), doc.getNumberOfPages());
            PDFTextStripper text = new PDFTextStripper();
            for (int i = 0; i < lesson.steps().size(); i++) {
                LessonStep step = lesson.steps().get(i);
                text.setStartPage(i + 1);
                text.setEndPage(i + 1);
                String page = text.getText(doc).replaceAll("\\s+", " ");
                assertTrue(page.contains(step.title()), "page " + (i + 1) + ": " + page);
                // the narration's opening words (those the standard PDF fonts show as they are)
                String opening = String.join(" ", java.util.Arrays.stream(step.narration().plain().split("\\s+"))
                        .takeWhile(w -> w.matches("[\\x21-\\x7E]+")).limit(4).toList());
                assertTrue(!opening.isEmpty() && page.contains(opening), "page " + (i + 1) + " lacks '" + opening + "': " + page);
                if (step.question().isPresent()) {
                    assertTrue(page.contains("Answer: " + (char) ('A' + step.question().get().answer()) + "."), page);
                }
            }
            assertTrue(doc.getPage(0).getResources().getXObjectNames().iterator().hasNext(), "a picture on the page");
        }
    }

    @Test
    void aGifHasAFrameAStepAndPngSlidesOneFileAStep(@TempDir Path dir) throws Exception {
        int steps = LessonReader.read(LESSON).steps().size();
        Path gif = dir.resolve("lesson.gif");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "lesson", "export", LESSON.toString(), "--gif", gif.toString(), "--size", "640x400"),
                err.toString());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(steps, reader.getNumImages(true));
            BufferedImage frame = reader.read(steps - 1);
            assertEquals(640, frame.getWidth());
            assertEquals(400, frame.getHeight());
        } finally {
            reader.dispose();
        }
        Path slides = dir.resolve("slides");
        assertEquals(0, run(err, "lesson", "export", LESSON.toString(), "--png-dir", slides.toString(), "--size", "800x600"));
        try (Stream<Path> files = Files.list(slides)) {
            assertEquals(steps, files.count());
        }
        assertEquals(800, ImageIO.read(slides.resolve("step-01.png").toFile()).getWidth());
    }

    @Test
    void badRequestsAreOneLineEach(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "lesson", "export", LESSON.toString(), "--pdf", dir.resolve("x.pdf").toString(),
                "--gif", dir.resolve("x.gif").toString()));
        assertEquals(2, run(err, "lesson", "export", LESSON.toString(), "--pdf", dir.resolve("no/x.pdf").toString()));
        assertEquals(2, run(err, "lesson", "export", dir.resolve("missing.json").toString(), "--pdf",
                dir.resolve("x.pdf").toString()));
        assertEquals(2, run(err, "lesson", "export", LESSON.toString(), "--pdf", dir.resolve("x.pdf").toString(),
                "--size", "10x10"));
        assertTrue(Files.notExists(dir.resolve("x.pdf")), "nothing half-written");
    }
}
