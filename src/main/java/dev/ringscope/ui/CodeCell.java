package dev.ringscope.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * One row of the {@link CodeView}: a gutter (a red dot where a breakpoint is; a click toggles it),
 * the address, the bytes, where the line came from, and its text. The current instruction's row
 * has the style class {@code current}; a row with a breakpoint, {@code breakpoint}; a label row,
 * {@code label-line}; a row a lesson step talks about, {@code lesson-highlight}.
 */
final class CodeCell extends ListCell<CodeLine> {

    private final CodeView view;
    private final Region dot = new Region();
    private final Region gutter = new Region();
    private final Label address = part("code-address");
    private final Label bytes = part("code-bytes");
    private final Label location = part("code-location");
    private final Label text = part("code-text");
    private final HBox row;
    // Held here so the weak listeners on the view live as long as the cell.
    private final InvalidationListener refresh = o -> mark();

    CodeCell(CodeView view) {
        this.view = view;
        getStyleClass().add("code-line");
        dot.getStyleClass().add("code-breakpoint-dot");
        dot.setMouseTransparent(true);
        gutter.getStyleClass().add("code-gutter");
        javafx.scene.layout.StackPane gutterPane = new javafx.scene.layout.StackPane(gutter, dot);
        gutterPane.getStyleClass().add("code-gutter-pane");
        gutterPane.setOnMouseClicked(e -> {
            CodeLine line = getItem();
            if (line != null && !line.isLabel()) {
                view.toggleBreakpoint(line.address());
                e.consume();
            }
        });
        HBox.setHgrow(text, Priority.ALWAYS);
        row = new HBox(gutterPane, address, bytes, text, location);
        row.getStyleClass().add("code-row");
        setText(null);
        view.currentRowProperty().addListener(new WeakInvalidationListener(refresh));
        view.breakpointAddresses().addListener(new WeakInvalidationListener(refresh));
        view.highlightedRows().addListener(new WeakInvalidationListener(refresh));
    }

    private static Label part(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** The gutter a click toggles a breakpoint in (tests click it). */
    Region gutter() {
        return gutter;
    }

    @Override
    protected void updateItem(CodeLine line, boolean empty) {
        super.updateItem(line, empty);
        if (empty || line == null) {
            setGraphic(null);
        } else {
            address.setText(line.isLabel() ? "" : line.addressText());
            bytes.setText(line.bytesText());
            location.setText(line.location());
            text.setText(line.text());
            setGraphic(row);
        }
        mark();
    }

    /** Style classes for the current row, a breakpoint and a label. */
    private void mark() {
        CodeLine line = isEmpty() ? null : getItem();
        boolean current = line != null && getIndex() == view.currentRowProperty().get();
        boolean breakpoint = line != null && !line.isLabel() && view.breakpointAddresses().contains(line.address());
        StyleClasses.mark(this, "current", current);
        StyleClasses.mark(this, "breakpoint", breakpoint);
        StyleClasses.mark(this, "label-line", line != null && line.isLabel());
        StyleClasses.mark(this, "lesson-highlight", line != null && view.highlightedRows().contains(getIndex()));
        dot.setVisible(breakpoint);
    }

}
