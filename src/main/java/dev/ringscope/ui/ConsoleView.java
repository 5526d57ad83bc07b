package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import javafx.scene.control.TextArea;

/** What the guest printed (UART and port 0xE9). */
final class ConsoleView extends TextArea {

    ConsoleView() {
        getStyleClass().add("console");
        setEditable(false);
        setWrapText(false);
        setPrefRowCount(6);
    }

    void show(MachineView view) {
        String text = view.console().text();
        if (!text.equals(getText())) {
            setText(text);
            positionCaret(text.length());
        }
    }
}
