package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.MemoryTouch;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The memory the last instruction touched: each access with its linear and physical address, size
 * and value, reads outlined and writes filled as in the register panel. Where the linear address
 * differs from the physical one, paging translated it.
 */
final class MemoryView extends VBox {

    private final Label heading = new Label();
    private final GridPane grid = new GridPane();

    MemoryView() {
        getStyleClass().add("memory-view");
        grid.getStyleClass().add("memory-grid");
        heading.getStyleClass().add("memory-heading");
        getChildren().addAll(heading, grid);
    }

    void show(MachineView view) {
        List<MemoryTouch> touches = view.step().memory();
        grid.getChildren().clear();
        if (touches.isEmpty()) {
            heading.setText(view.current() == null ? "Nothing has run yet."
                    : "The last instruction touched no memory (besides fetching itself).");
            return;
        }
        long dropped = view.step().memoryDropped();
        heading.setText("Memory the last instruction touched" + (dropped > 0 ? " (and " + dropped + " more accesses)" : "")
                + ": reads outlined, writes filled.");
        int row = 0;
        for (String h : new String[] {"", "linear", "physical", "size", "value"}) {
            Label l = new Label(h);
            l.getStyleClass().add("register-heading");
            grid.add(l, row++, 0);
        }
        int r = 1;
        for (MemoryTouch t : touches) {
            Label kind = new Label(t.write() ? "write" : "read");
            Label linear = value(String.format("%08X", t.linear()));
            Label physical = value(String.format("%08X", t.physical()));
            Label size = value(Integer.toString(t.size()));
            Label v = value(String.format("%0" + (t.size() * 2) + "X", t.size() == 4 ? t.value() : t.value() & ((1 << (8 * t.size())) - 1)));
            v.getStyleClass().add(t.write() ? "written" : "read");
            linear.getStyleClass().add(t.write() ? "written" : "read");
            grid.addRow(r++, kind, linear, physical, size, v);
        }
    }

    private static Label value(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("register-value");
        return l;
    }
}
