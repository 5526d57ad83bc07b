package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Narration;
import dev.ringscope.replay.Narrator;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/** One plain sentence for what just happened, and "why?" for the reason behind it. */
final class NarrationView extends VBox {

    private final Label sentence = new Label();
    private final Label why = new Label();
    private final TitledPane whyPane = new TitledPane("Why?", why);

    /** How code addresses are named: the program's functions and labels (none until {@link #useSymbols}). */
    private dev.ringscope.replay.Narrator.Names names = dev.ringscope.replay.Narrator.Names.NONE;

    NarrationView() {
        getStyleClass().add("narration");
        sentence.getStyleClass().add("narration-sentence");
        sentence.setWrapText(true);
        sentence.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrap onto more lines, never "…"
        why.setWrapText(true);
        why.getStyleClass().add("narration-why");
        whyPane.setExpanded(false);
        getChildren().addAll(sentence, whyPane);
    }

    void show(MachineView view) {
        Narration n = Narrator.of(view, names);
        sentence.setText(n.sentence());
        why.setText(n.why());
    }

    /** Names code addresses after the program's symbols ({@code main+0x13}). */
    void useSymbols(dev.ringscope.asm.Symbols symbols) {
        names = eip -> symbols.describe(eip);
    }

    String why() {
        return why.getText();
    }

    String sentence() {
        return sentence.getText();
    }
}
