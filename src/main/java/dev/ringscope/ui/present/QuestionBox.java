package dev.ringscope.ui.present;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A question on screen: the prompt, a button per choice (A–D; a click or the keys 1–4 vote), and after the reveal
 * the right choice marked, a wrong vote marked, and the explanation. The same box serves the lesson panel of
 * the window and the projector layout.
 */
public final class QuestionBox extends VBox {

    private final Label heading = new Label("Predict, then see");
    // Labels, as the projector's narration is: JavaFX sizes Text added to a TextFlow already on screen from a
    // stale inherited font (the window's 14px, not the presentation's em; ProjectorLayoutTest measures it).
    private final Label prompt = new Label();
    private final VBox choices = new VBox();
    private final Label hint = new Label();
    private final Label explanation = new Label();
    private final List<Button> buttons = new ArrayList<>();
    private IntConsumer vote = i -> { };
    private Poll shown;

    public QuestionBox() {
        getStyleClass().add("question-box");
        heading.getStyleClass().add("question-heading");
        prompt.getStyleClass().add("question-prompt");
        prompt.setWrapText(true);
        choices.getStyleClass().add("question-choices");
        hint.getStyleClass().add("question-hint");
        hint.setWrapText(true);
        explanation.getStyleClass().add("question-explanation");
        explanation.setWrapText(true);
        getChildren().addAll(heading, prompt, choices, hint, explanation);
        show(null);
    }

    /** What a vote does (the lesson player's vote); the box itself only shows. */
    public void onVote(IntConsumer vote) {
        this.vote = vote;
    }

    /** Shows {@code poll}, or hides the box for a step without a question. */
    public void show(Poll poll) {
        shown = poll;
        setVisible(poll != null);
        setManaged(poll != null);
        if (poll == null) {
            return;
        }
        prompt.setText(poll.prompt().plain());
        while (buttons.size() < poll.choices().size()) {
            int i = buttons.size();
            Button b = new Button();
            b.getStyleClass().add("question-choice");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setWrapText(true);
            b.setFocusTraversable(false); // Space and the clicker keys must not press a choice
            b.setOnAction(e -> vote.accept(i));
            buttons.add(b);
        }
        choices.getChildren().setAll(buttons.subList(0, poll.choices().size()));
        for (int i = 0; i < poll.choices().size(); i++) {
            Button b = buttons.get(i);
            b.setText(Poll.letter(i) + ".  " + poll.choices().get(i).plain());
            b.getStyleClass().removeAll("voted", "right", "wrong");
            if (poll.voted() == i) {
                b.getStyleClass().add("voted");
            }
            if (poll.revealed() && poll.answer() == i) {
                b.getStyleClass().add("right");
            } else if (poll.revealed() && poll.voted() == i) {
                b.getStyleClass().add("wrong");
            }
            b.setDisable(poll.revealed());
        }
        hint.setText(poll.revealed() ? (poll.voted() < 0 ? "The answer: " : poll.voted() == poll.answer()
                ? "Right: " : "Not quite — the answer: ") + Poll.letter(poll.answer()) + "."
                : poll.voted() < 0 ? "Vote with the keys 1–" + poll.choices().size()
                + " (or a click); Next shows the answer, then runs on to what really happens."
                : "Voted " + Poll.letter(poll.voted()) + ". Next shows the answer.");
        explanation.setText(poll.revealed() && poll.explanation() != null ? poll.explanation().plain() : "");
        explanation.setVisible(poll.revealed());
        explanation.setManaged(poll.revealed());
    }

    /** The question shown, or null. */
    public Poll shown() {
        return shown;
    }

    /** The text of the explanation on screen: empty until the reveal. */
    public String explanationText() {
        return explanation.isVisible() ? explanation.getText() : "";
    }

    public String hintText() {
        return hint.getText();
    }
}
