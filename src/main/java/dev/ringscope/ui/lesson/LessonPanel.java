package dev.ringscope.ui.lesson;

import dev.ringscope.lesson.LessonPlayer;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.ui.present.MarkupText;
import dev.ringscope.ui.present.Poll;
import dev.ringscope.ui.present.QuestionBox;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;

/**
 * The lesson beside the machine, in the main window: where the lesson is ("step 4 of 12"), back, next,
 * restart and a jump to any step, the step's narration, its question, and — once the student has left the
 * script to explore — the way back to the step as it was. It only shows a {@link LessonPlayer}; what the buttons
 * do is the {@link Controls}' business.
 */
public final class LessonPanel extends ScrollPane {

    /** What the panel's buttons ask for. */
    public interface Controls {
        void next();

        void back();

        void restart();

        /** To step {@code index} (0-based). */
        void jump(int index);

        void vote(int choice);

        void returnToScript();

        void close();

        /** Authoring: a new step at the position on screen. */
        void addStepHere();

        /** Authoring: write the lesson to a file. */
        void save();
    }

    private final Label title = new Label();
    private final Label progress = new Label();
    private final Label stepTitle = new Label();
    private final TextFlow narration = new TextFlow();
    private final QuestionBox question = new QuestionBox();
    private final Label offScript = new Label();
    private final Button back = new Button("◀ Back");
    private final Button next = new Button("Next ▶");
    private final Button returnButton = new Button();
    private final ComboBox<String> jump = new ComboBox<>();
    private final Label problem = new Label();
    private boolean filling;

    public LessonPanel(Controls controls) {
        getStyleClass().add("lesson-panel");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        progress.getStyleClass().add("lesson-progress");
        progress.setId("lesson-progress");
        stepTitle.getStyleClass().add("lesson-step-title");
        stepTitle.setWrapText(true);
        narration.getStyleClass().addAll("markup", "lesson-narration");
        narration.setId("lesson-narration");
        back.setId("lesson-back");
        next.setId("lesson-next");
        back.setOnAction(e -> controls.back());
        next.setOnAction(e -> controls.next());
        Button restart = new Button("Restart");
        restart.setId("lesson-restart");
        restart.setOnAction(e -> controls.restart());
        jump.setId("lesson-jump");
        jump.setPromptText("Go to step…");
        jump.setMaxWidth(Double.MAX_VALUE);
        jump.setOnAction(e -> {
            int i = jump.getSelectionModel().getSelectedIndex();
            if (!filling && i >= 0) {
                controls.jump(i);
            }
        });
        for (Button b : new Button[] {back, next, restart}) {
            b.setFocusTraversable(false); // Space plays, arrows step: a button must not take those keys
        }
        jump.setFocusTraversable(false);
        HBox moves = new HBox(6, back, next, restart);
        moves.getStyleClass().add("lesson-moves");
        question.onVote(controls::vote);
        question.setId("lesson-question");
        offScript.getStyleClass().add("lesson-off-script");
        offScript.setWrapText(true);
        returnButton.setId("lesson-return");
        returnButton.setOnAction(e -> controls.returnToScript());
        returnButton.setFocusTraversable(false);
        VBox offBox = new VBox(4, offScript, returnButton);
        offBox.getStyleClass().add("lesson-off-box");
        offBox.visibleProperty().bind(returnButton.visibleProperty());
        offBox.managedProperty().bind(returnButton.visibleProperty());
        Button add = new Button("Add step here…");
        add.setId("lesson-add-step");
        add.setOnAction(e -> controls.addStepHere());
        Button save = new Button("Save lesson…");
        save.setId("lesson-save");
        save.setOnAction(e -> controls.save());
        Button close = new Button("Close lesson");
        close.setId("lesson-close");
        close.setOnAction(e -> controls.close());
        for (Button b : new Button[] {add, save, close}) {
            b.setFocusTraversable(false);
        }
        javafx.scene.layout.FlowPane authoring = new javafx.scene.layout.FlowPane(6, 6, add, save, close);
        authoring.getStyleClass().add("lesson-authoring");
        problem.getStyleClass().add("lesson-problem");
        problem.setWrapText(true);
        problem.setVisible(false);
        problem.managedProperty().bind(problem.visibleProperty());
        VBox content = new VBox(title, progress, moves, jump, stepTitle, narration, question, offBox, problem, authoring);
        content.getStyleClass().add("lesson-content");
        setContent(content);
    }

    /** Shows where {@code player} is. */
    public void show(LessonPlayer player) {
        title.setText(player.lesson().title());
        progress.setText(player.progress().substring(0, 1).toUpperCase() + player.progress().substring(1)
                + (player.isOffScript() ? " (left to explore)" : ""));
        LessonStep step = player.currentStep();
        stepTitle.setText(step.number() + ". " + step.title());
        boolean asking = player.question().isPresent() && player.questionState() != LessonPlayer.QuestionState.REVEALED;
        // predict, then see: while the question is open the narration (which tells what happens) waits
        MarkupText.fill(narration, asking ? null : step.narration());
        narration.setVisible(!asking);
        narration.setManaged(!asking);
        question.show(poll(player));
        back.setDisable(!player.hasPrevious());
        next.setText(asking ? "Show the answer ▶" : "Next ▶");
        next.setDisable(!player.hasNext() && !asking);
        filling = true;
        try {
            var titles = FXCollections.<String>observableArrayList();
            player.lesson().steps().forEach(s -> titles.add(s.number() + ". " + s.title()));
            if (!titles.equals(jump.getItems())) {
                jump.setItems(titles);
            }
            jump.getSelectionModel().select(player.currentIndex());
        } finally {
            filling = false;
        }
        offScript.setText("You left the script to explore. The lesson waits at step " + step.number() + ".");
        returnButton.setText("Back to step " + step.number() + " as it was");
        returnButton.setVisible(player.isOffScript());
    }

    /** A message about the lesson (a point not reached, a file not saved), or none. */
    public void showProblem(String message) {
        problem.setText(message == null ? "" : message);
        problem.setVisible(message != null && !message.isEmpty());
    }

    /** The current step's question as the screen may show it: the answer only once revealed. */
    public static Poll poll(LessonPlayer player) {
        return player.question().map(q -> new Poll(q.prompt(), q.choices(), player.vote().orElse(-1),
                player.revealedAnswer().orElse(-1),
                player.revealedAnswer().isPresent() ? q.explanation() : null)).orElse(null);
    }

    // what tests and the presentation read

    public String progressText() {
        return progress.getText();
    }

    public String narrationText() {
        return narration.isVisible() ? MarkupText.text(narration) : "";
    }

    public String stepTitleText() {
        return stepTitle.getText();
    }

    public QuestionBox question() {
        return question;
    }

    public boolean offersReturn() {
        return returnButton.isVisible();
    }

    public String problemText() {
        return problem.isVisible() ? problem.getText() : "";
    }
}
