package dev.ringscope.ui.present;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A handout: one A4 page per step with its picture, its narration and, for a question, the choices and
 * the answer — for students to take home after a lecture. Written with Apache PDFBox in the standard
 * Helvetica fonts, so nothing is embedded but the pictures; characters those fonts cannot show (→, −,
 * ≈) are written as their plain-text stand-ins.
 */
public final class Handout {

    /** One step's page. {@code question}, {@code choices} and {@code answer} are empty for a step without one. */
    public record Page(String heading, BufferedImage picture, String narration, String question, List<String> choices,
                       String answer) {

        public Page {
            choices = List.copyOf(choices);
        }
    }

    /**
     * PDFBox warns (through java.util.logging) that it substitutes a system font for Helvetica when it
     * measures text; the PDF names the standard font and every reader has it, so the warning is noise on
     * a command line. Held here so the setting is not collected with the logger.
     */
    private static final java.util.logging.Logger PDFBOX_LOG = java.util.logging.Logger.getLogger("org.apache.pdfbox");

    static {
        PDFBOX_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final float MARGIN = 48;
    private static final float BODY = 11;
    private static final float LEADING = 1.35f;

    private Handout() {
    }

    public static void write(String title, List<Page> pages, OutputStream out) throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(plain(title, regular));
            info.setCreator("RingScope");
            doc.setDocumentInformation(info);
            int n = 0;
            for (Page p : pages) {
                n++;
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                float width = page.getMediaBox().getWidth() - 2 * MARGIN;
                float y = page.getMediaBox().getHeight() - MARGIN;
                try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
                    y = text(c, bold, 9, MARGIN, y, width, plain(title, regular) + "  -  step " + n + " of " + pages.size());
                    y = text(c, bold, 16, MARGIN, y - 6, width, plain(p.heading(), bold));
                    if (p.picture() != null) {
                        PDImageXObject image = LosslessFactory.createFromImage(doc, p.picture());
                        float h = width * p.picture().getHeight() / p.picture().getWidth();
                        y -= h + 10;
                        c.drawImage(image, MARGIN, y, width, h);
                    }
                    y = text(c, regular, BODY, MARGIN, y - 8, width, plain(p.narration(), regular));
                    if (!p.question().isEmpty()) {
                        y = text(c, bold, BODY, MARGIN, y - 10, width, "Question: " + plain(p.question(), bold));
                        char letter = 'A';
                        for (String choice : p.choices()) {
                            y = text(c, regular, BODY, MARGIN + 12, y, width - 12, letter++ + ". " + plain(choice, regular));
                        }
                        text(c, bold, BODY, MARGIN, y - 6, width, "Answer: " + plain(p.answer(), bold));
                    }
                }
            }
            doc.save(out);
        }
    }

    /** Writes {@code s} wrapped to {@code width} from (x, y) down; returns the y below it. */
    private static float text(PDPageContentStream c, PDType1Font font, float size, float x, float y, float width,
                              String s) throws IOException {
        for (String line : wrap(s, font, size, width)) {
            y -= size * LEADING;
            c.beginText();
            c.setFont(font, size);
            c.newLineAtOffset(x, y);
            c.showText(line);
            c.endText();
        }
        return y;
    }

    static List<String> wrap(String s, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : s.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code s} with what the font cannot encode replaced by a plain stand-in. */
    static String plain(String s, PDType1Font font) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                out.append(switch (cp) {
                    case 0x2192 -> "->";
                    case 0x2190 -> "<-";
                    case 0x2212 -> "-";
                    case 0x2248 -> "~";
                    case 0x2264 -> "<=";
                    case 0x2265 -> ">=";
                    case 0x2260 -> "!=";
                    case 0x2026 -> "...";
                    case '\t' -> "    ";
                    default -> "?";
                });
            }
        });
        return out.toString();
    }
}
