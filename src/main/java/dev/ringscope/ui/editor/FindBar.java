package dev.ringscope.ui.editor;

import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import org.fxmisc.richtext.CodeArea;

/**
 * Find and replace in the editor (Ctrl+F, Ctrl+H): the next match from the caret (wrapping at the end), replace
 * the match selected, or replace all at once as one undoable edit. Esc closes the bar.
 */
final class FindBar extends HBox {

    private final CodeArea area;
    private final TextField find = new TextField();
    private final TextField replace = new TextField();
    private final CheckBox matchCase = new CheckBox("Aa");
    private final Label result = new Label();
    private final Button replaceOne = new Button("Replace");
    private final Button replaceAll = new Button("Replace all");

    FindBar(CodeArea area) {
        this.area = area;
        getStyleClass().add("find-bar");
        setSpacing(6);
        find.setPromptText("Find");
        find.setId("find-text");
        replace.setPromptText("Replace with");
        replace.setId("replace-text");
        Button next = new Button("Next");
        Button close = new Button("✕");
        next.setOnAction(e -> next());
        replaceOne.setOnAction(e -> replaceSelected());
        replaceAll.setOnAction(e -> replaceAll());
        close.setOnAction(e -> close());
        find.setOnAction(e -> next());
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
                e.consume();
            }
        });
        matchCase.setTooltip(new javafx.scene.control.Tooltip("Match case"));
        getChildren().addAll(find, next, matchCase, replace, replaceOne, replaceAll, result, close);
        close();
    }

    void open(boolean withReplace) {
        setVisible(true);
        setManaged(true);
        replace.setVisible(withReplace);
        replace.setManaged(withReplace);
        replaceOne.setVisible(withReplace);
        replaceOne.setManaged(withReplace);
        replaceAll.setVisible(withReplace);
        replaceAll.setManaged(withReplace);
        if (!area.getSelectedText().isEmpty() && !area.getSelectedText().contains("\n")) {
            find.setText(area.getSelectedText());
        }
        find.requestFocus();
        find.selectAll();
    }

    void close() {
        setVisible(false);
        setManaged(false);
        result.setText("");
        area.requestFocus();
    }

    /** Selects the next match after the caret, wrapping round; says when there is none. */
    boolean next() {
        String what = find.getText();
        if (what.isEmpty()) {
            return false;
        }
        String text = matchCase.isSelected() ? area.getText() : area.getText().toLowerCase(java.util.Locale.ROOT);
        String needle = matchCase.isSelected() ? what : what.toLowerCase(java.util.Locale.ROOT);
        int from = area.getSelection().getEnd();
        int at = text.indexOf(needle, from);
        if (at < 0) {
            at = text.indexOf(needle);
        }
        if (at < 0) {
            result.setText("not found");
            return false;
        }
        result.setText("");
        area.selectRange(at, at + needle.length());
        area.requestFollowCaret();
        return true;
    }

    private void replaceSelected() {
        String selected = area.getSelectedText();
        boolean matches = matchCase.isSelected() ? selected.equals(find.getText()) : selected.equalsIgnoreCase(find.getText());
        if (!selected.isEmpty() && matches) {
            area.replaceSelection(replace.getText());
        }
        next();
    }

    /** Replaces every match; one edit, so one Ctrl+Z undoes it. */
    int replaceAll() {
        String what = find.getText();
        if (what.isEmpty()) {
            return 0;
        }
        String text = area.getText();
        String pattern = (matchCase.isSelected() ? "" : "(?iu)") + java.util.regex.Pattern.quote(what);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(text);
        int count = 0;
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replace.getText()));
            count++;
        }
        m.appendTail(out);
        if (count > 0) {
            area.replaceText(out.toString());
        }
        result.setText(count + (count == 1 ? " replaced" : " replaced"));
        return count;
    }

    TextField findField() {
        return find;
    }

    TextField replaceField() {
        return replace;
    }
}
