package dev.ringscope.ui.editor;

import dev.ringscope.asm.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.wellbehaved.event.EventPattern;
import org.fxmisc.wellbehaved.event.InputMap;
import org.fxmisc.wellbehaved.event.Nodes;

/**
 * The program editor: the source of the program on screen with line numbers, colouring, undo and redo, find
 * and replace, a comment toggle; assembled in the background as you type (after a pause), with the
 * assembler's errors and warnings underlined where it points (the message on hover) and listed below, a
 * click on one going to its line. The line of the instruction on screen is marked. What to do with the text
 * — run it, save it — is the host's ({@link Host}); the editor only edits and shows.
 */
public final class ProgramEditor extends BorderPane {

    /** What the editor asks of the app. */
    public interface Host {
        /** Assembles {@code text} (off the JavaFX thread): the program, or the problems that stop it. */
        Assembled assemble(String text);

        /** Ctrl+R: run this text (assembled already: {@code assembled}). */
        void run(String text, Assembled assembled);

        /** Ctrl+S (or Ctrl+Shift+S, {@code as}): save. */
        void save(boolean as);
    }

    /** An assembly's outcome: the program (null when it does not assemble) and every diagnostic. */
    public record Assembled(Program program, List<Problem> problems, List<java.nio.file.Path> includes) {
        public Assembled {
            problems = List.copyOf(problems);
            includes = List.copyOf(includes);
        }

        /** With no included files known. */
        public Assembled(Program program, List<Problem> problems) {
            this(program, problems, List.of());
        }

        public boolean ok() {
            return program != null;
        }
    }

    /** How long typing must pause before the buffer is assembled. */
    static final Duration PAUSE = Duration.ofMillis(400);

    private final CodeArea area = new CodeArea();
    private final ListView<Problem> problems = new ListView<>();
    private final Label title = new Label();
    private final Label state = new Label();
    private final FindBar find;
    private final javafx.scene.control.MenuButton includes = new javafx.scene.control.MenuButton("Included files");
    private IncludedFileView included;
    private javafx.stage.Stage includedStage;
    private final Popup hover = new Popup();
    private final Label hoverText = new Label();
    private final ExecutorService assembler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "program editor assembler");
        t.setDaemon(true);
        return t;
    });
    private Host host;
    private long generation;
    private Assembled last = new Assembled(null, List.of());
    private String lastAssembledText;
    private String runText;
    private int markedLine = -1;
    private org.reactfx.Subscription pauses;

    public ProgramEditor(Host host, String text) {
        this.host = host;
        getStyleClass().add("program-editor");
        area.getStyleClass().add("program-text");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.replaceText(text);
        area.getUndoManager().forgetHistory();
        area.moveTo(0);
        area.requestFollowCaret();
        area.setId("editor-area");
        problems.setId("editor-problems");
        problems.getStyleClass().add("editor-problems");
        problems.setPrefHeight(90);
        problems.setPlaceholder(new Label("No problems: the program assembles."));
        problems.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.describe());
                getStyleClass().removeAll("problem-error", "problem-warning");
                if (!empty && p != null) {
                    getStyleClass().add(p.error() ? "problem-error" : "problem-warning");
                }
            }
        });
        problems.setOnMouseClicked(e -> {
            Problem p = problems.getSelectionModel().getSelectedItem();
            if (p != null) {
                goTo(p);
            }
        });
        title.getStyleClass().add("editor-title");
        state.getStyleClass().add("editor-state");
        state.setId("editor-state");
        includes.setId("editor-includes");
        includes.getStyleClass().add("editor-includes");
        includes.setDisable(true);
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(12, title, state, grow, includes);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        header.getStyleClass().add("editor-header");
        find = new FindBar(area);
        VBox top = new VBox(header, find);
        // the text takes the room; the problems a strip below it, a few lines high
        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
        problems.setMinHeight(48);
        problems.setMaxHeight(140);
        VBox body = new VBox(scroll, problems);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        setTop(top);
        setCenter(body);
        hoverText.getStyleClass().add("editor-hover");
        hover.getContent().add(hoverText);
        area.setMouseOverTextDelay(Duration.ofMillis(300));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> showHover(e.getCharacterIndex(), e.getScreenPosition()));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> hover.hide());
        installKeys();
        pauses = area.multiPlainChanges().successionEnds(PAUSE).subscribe(changes -> assembleLater());
        area.plainTextChanges().subscribe(change -> {
            colour();
            showState();
        });
        colour();
        assembleLater();
    }

    private void installKeys() {
        Nodes.addInputMap(area, InputMap.sequence(
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN)),
                        e -> runNow()),
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN)),
                        e -> host.save(false)),
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN)), e -> host.save(true)),
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN)),
                        e -> toggleComment()),
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN)),
                        e -> find.open(false)),
                InputMap.consume(EventPattern.keyPressed(new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN)),
                        e -> find.open(true))));
    }

    public CodeArea area() {
        return area;
    }

    public String text() {
        return area.getText();
    }

    public ListView<Problem> problemsList() {
        return problems;
    }

    /** The last assembly of the buffer (what the underlines and the list show). */
    public Assembled lastAssembly() {
        return last;
    }

    /** Whether the last assembly is of the text on screen (no edit since). */
    public boolean isAssemblyCurrent() {
        return area.getText().equals(lastAssembledText);
    }

    /** The title (the file's name, a * while unsaved) and the state line are the host's to set. */
    public void setTitle(String text) {
        title.setText(text);
    }

    /** The text of the run on screen (null: the run is of another program): "stale" while the buffer differs. */
    public void setRunText(String text) {
        runText = text;
        showState();
    }

    /** Replaces the whole buffer (a reload from disk); the caret stays on its line where it can. */
    public void replaceAll(String text) {
        int line = area.getCurrentParagraph();
        area.replaceText(text);
        area.moveTo(Math.min(line, area.getParagraphs().size() - 1), 0);
    }

    /** Ctrl+R: assemble now (the buffer may have changed in the last pause) and hand the outcome to the host. */
    public void runNow() {
        String text = area.getText();
        Assembled a = text.equals(lastAssembledText) ? last : host.assemble(text);
        show(text, a);
        host.run(text, a);
        showState();
    }

    /** Marks {@code line} (1-based; 0 for none) as the line of the instruction on screen, and shows it. */
    public void markLine(int line) {
        if (markedLine > 0 && markedLine <= area.getParagraphs().size()) {
            area.setParagraphStyle(markedLine - 1, List.of());
        }
        markedLine = line;
        if (line > 0 && line <= area.getParagraphs().size()) {
            area.setParagraphStyle(line - 1, List.of("current-line"));
        }
    }

    /** The line marked as the instruction on screen's (1-based), or 0. */
    public int markedLine() {
        return markedLine;
    }

    /** Moves the caret to {@code line} (1-based) and {@code column}, and shows it. */
    public void goTo(int line, int column) {
        int paragraph = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
        int col = Math.max(0, Math.min(column - 1, area.getParagraphLength(paragraph)));
        area.moveTo(paragraph, col);
        area.requestFollowCaret();
        area.showParagraphAtCenter(paragraph);
        area.requestFocus();
    }

    private void goTo(Problem p) {
        if (p.inEditedFile()) {
            goTo(p.line(), p.column());
        } else if (!p.file().isEmpty()) {
            showIncluded(java.nio.file.Path.of(p.file()), p.line());
        }
    }

    /**
     * Shows a file the program includes, read-only, in a window beside the app's, with {@code line} marked
     * (0: none); a file that cannot be read is said in the editor's state line. Returns the view (tests).
     */
    public IncludedFileView showIncluded(java.nio.file.Path file, int line) {
        if (included == null) {
            included = new IncludedFileView();
            includedStage = new javafx.stage.Stage();
            javafx.scene.Scene scene = new javafx.scene.Scene(included, 760, 560);
            includedStage.setScene(scene);
            if (getScene() != null) {
                scene.getStylesheets().setAll(getScene().getStylesheets()); // the theme on screen
                if (getScene().getWindow() != null) {
                    includedStage.initOwner(getScene().getWindow());
                }
            }
        }
        try {
            included.show(file, line, title.getText().isEmpty() ? "the program" : title.getText());
        } catch (java.io.IOException e) {
            state.setText(file.getFileName() + " cannot be read: " + dev.ringscope.asm.SourceLoader.reason(e));
            return included;
        }
        includedStage.setTitle(file.getFileName() + " (read-only)");
        includedStage.show();
        includedStage.toFront();
        return included;
    }

    /** The menu of included files (tests). */
    public javafx.scene.control.MenuButton includesMenu() {
        return includes;
    }

    private void listIncludes(List<java.nio.file.Path> files) {
        if (files.isEmpty()) {
            return; // a failed read of the includes keeps the last list rather than emptying it
        }
        includes.getItems().clear();
        for (java.nio.file.Path f : files) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(String.valueOf(f.getFileName()));
            item.setOnAction(e -> showIncluded(f, 0));
            includes.getItems().add(item);
        }
        includes.setText("Included files (" + files.size() + ")");
        includes.setDisable(false);
    }

    /** Stops the background assembler (the editor is closed for good). */
    public void close() {
        pauses.unsubscribe();
        assembler.shutdownNow();
    }

    private void assembleLater() {
        if (assembler.isShutdown()) {
            return; // closed: a pause that ended just after is no work
        }
        long mine = ++generation;
        String text = area.getText();
        assembler.submit(() -> {
            Assembled a = host.assemble(text);
            Platform.runLater(() -> {
                if (mine == generation) {
                    show(text, a);
                }
            });
        });
    }

    private void show(String text, Assembled a) {
        last = a;
        lastAssembledText = text;
        problems.getItems().setAll(a.problems());
        listIncludes(a.includes());
        colour();
        showState();
    }

    private void showState() {
        List<String> said = new ArrayList<>();
        long errors = last.problems().stream().filter(Problem::error).count();
        long warnings = last.problems().size() - errors;
        boolean current = area.getText().equals(lastAssembledText);
        if (!current) {
            said.add("editing…");
        } else if (errors > 0) {
            said.add(errors + (errors == 1 ? " error" : " errors"));
        } else {
            said.add("assembles" + (warnings > 0 ? ", " + warnings + (warnings == 1 ? " warning" : " warnings") : ""));
        }
        boolean stale = runText == null || !runText.equals(area.getText());
        if (runText == null) {
            said.add("the run on screen is another program — Ctrl+R runs this one");
        } else if (stale) {
            said.add("the run on screen is an earlier version — Ctrl+R runs this one");
        }
        state.setText(String.join(" · ", said));
        state.getStyleClass().removeAll("stale", "failing");
        if (stale) {
            state.getStyleClass().add("stale");
        }
        if (current && errors > 0) {
            state.getStyleClass().add("failing");
        }
    }

    /** Syntax colours, with the problems of the last assembly underlined over them. */
    private void colour() {
        String text = area.getText();
        StyleSpans<Collection<String>> spans = AsmSyntax.spans(text);
        if (text.equals(lastAssembledText) && !last.problems().isEmpty()) {
            spans = spans.overlay(problemSpans(text), (a, b) -> {
                if (b.isEmpty()) {
                    return a;
                }
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        area.setStyleSpans(0, spans);
    }

    private StyleSpans<Collection<String>> problemSpans(String text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int at = 0;
        List<int[]> ranges = new ArrayList<>();
        for (Problem p : last.problems()) {
            if (!p.inEditedFile() || p.line() < 1 || p.line() > area.getParagraphs().size()) {
                continue;
            }
            int start = area.getAbsolutePosition(p.line() - 1, 0);
            int end = start + area.getParagraphLength(p.line() - 1);
            int from = p.column() > 0 ? Math.min(end, start + p.column() - 1) : start;
            int to = wordEnd(text, from, end);
            ranges.add(new int[] {from, to, p.error() ? 1 : 0});
        }
        ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        for (int[] r : ranges) {
            if (r[0] < at) {
                continue; // two problems on one word: the first one's underline
            }
            b.add(List.of(), r[0] - at);
            b.add(List.of(r[2] == 1 ? "asm-error-mark" : "asm-warning-mark"), r[1] - r[0]);
            at = r[1];
        }
        b.add(List.of(), text.length() - at);
        return b.create();
    }

    /** The end of the word at {@code from} (at least one character, within the line), for the underline. */
    private static int wordEnd(String text, int from, int lineEnd) {
        int i = from;
        while (i < lineEnd && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ',') {
            i++;
        }
        return i > from ? i : Math.min(lineEnd, from + 1);
    }

    private void showHover(int index, Point2D at) {
        if (!area.getText().equals(lastAssembledText)) {
            return;
        }
        var pos = area.offsetToPosition(index, org.fxmisc.richtext.model.TwoDimensional.Bias.Forward);
        int line = pos.getMajor() + 1;
        List<String> here = new ArrayList<>();
        for (Problem p : last.problems()) {
            if (p.inEditedFile() && p.line() == line) {
                here.add(p.describe());
            }
        }
        if (!here.isEmpty()) {
            hoverText.setText(String.join("\n", here));
            hover.show(area, at.getX(), at.getY() + 12);
        }
    }

    /** Ctrl+/: every selected line (or the caret's) commented with "; ", or uncommented if all already are. */
    void toggleComment() {
        int first = area.offsetToPosition(area.getSelection().getStart(), org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor();
        int last = area.offsetToPosition(area.getSelection().getEnd(), org.fxmisc.richtext.model.TwoDimensional.Bias.Backward).getMajor();
        boolean allCommented = true;
        for (int i = first; i <= last; i++) {
            if (!area.getParagraph(i).getText().stripLeading().startsWith(";")) {
                allCommented = false;
            }
        }
        for (int i = first; i <= last; i++) {
            String line = area.getParagraph(i).getText();
            String changed = allCommented ? line.replaceFirst("^(\\s*); ?", "$1") : "; " + line;
            area.replaceText(i, 0, i, line.length(), changed);
        }
    }

    /** Used by tests and the host: the host to ask from now on (a new window after a run adopts the editor). */
    public void setHost(Host host) {
        this.host = host;
    }
}
