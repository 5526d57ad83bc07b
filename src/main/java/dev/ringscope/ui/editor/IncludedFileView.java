package dev.ringscope.ui.editor;

import java.io.IOException;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

/**
 * A file the program includes ({@code lib.inc}, the mini OS's own sources), shown read-only with the
 * editor's colours and line numbers, a line marked (where a problem is, or where the user asked to
 * look). Read-only on purpose: the samples share these files, and a change to one changes every program
 * that includes it; a student who means to change one opens it in its own right (File ▸ Open).
 */
public final class IncludedFileView extends BorderPane {

    private final CodeArea area = new CodeArea();
    private final Label header = new Label();
    private Path file;
    private int markedLine = -1;

    public IncludedFileView() {
        getStyleClass().addAll("program-editor", "included-file");
        area.getStyleClass().add("program-text");
        area.setId("included-area");
        area.setEditable(false);
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        header.getStyleClass().add("editor-title");
        header.setId("included-title");
        header.setPadding(new Insets(4, 8, 4, 8));
        setTop(header);
        setCenter(new VirtualizedScrollPane<>(area));
    }

    /**
     * Shows {@code file} (read from disk now) with line {@code line} marked and in view (0: none).
     *
     * @throws IOException when it cannot be read; the view is unchanged
     */
    public void show(Path file, int line, String includedBy) throws IOException {
        String text = dev.ringscope.asm.SourceText.decode(java.nio.file.Files.readAllBytes(file));
        this.file = file;
        markedLine = -1;
        area.replaceText(text);
        area.setStyleSpans(0, AsmSyntax.spans(text));
        header.setText(file.getFileName() + " — read-only, included by " + includedBy + "  (" + file + ")");
        if (line > 0 && line <= area.getParagraphs().size()) {
            area.setParagraphStyle(line - 1, java.util.List.of("current-line"));
            markedLine = line;
            area.moveTo(line - 1, 0);
            area.showParagraphAtCenter(line - 1);
        } else {
            area.moveTo(0);
            area.showParagraphAtTop(0);
        }
    }

    public Path file() {
        return file;
    }

    public int markedLine() {
        return markedLine;
    }

    public String text() {
        return area.getText();
    }

    public boolean isEditable() {
        return area.isEditable();
    }
}
