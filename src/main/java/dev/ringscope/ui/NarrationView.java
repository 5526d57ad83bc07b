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
        Narration n = Narrator.of(view);
        sentence.setText(n.sentence());
        why.setText(n.why());
    }

    String why() {
        return why.getText();
    }

    String sentence() {
        return sentence.getText();
    }
}
