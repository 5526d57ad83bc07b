package dev.ringscope.ui.present;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The lecturer's own window (on the second screen when there is one): the elapsed time, what the next step
 * will show, the speaker notes of this one, and the list of steps with the current one selected. Buttons do
 * what the clicker does, for a lecturer without one.
 */
public final class PresenterView extends VBox {

    private final ElapsedClock clock;
    private final Label time = new Label();
    private final Label next = new Label();
    private final TextArea notes = new TextArea();
    private final ListView<String> steps = new ListView<>();
    /** Refreshes the clock once a second while shown (display only: what it shows comes from the clock). */
    private final Timeline ticks;

    PresenterView(ElapsedClock clock, Presentation presentation) {
        this.clock = clock;
        getStyleClass().add("presenter");
        time.getStyleClass().add("presenter-clock");
        time.setId("presenter-clock");
        Button reset = new Button("Reset clock");
        reset.setOnAction(e -> {
            clock.reset();
            refresh();
        });
        Button back = new Button("◀ Back");
        back.setOnAction(e -> presentation.back());
        Button forward = new Button("Next ▶");
        forward.setOnAction(e -> presentation.next());
        Button clear = new Button("Clear ink");
        clear.setId("presenter-clear");
        clear.setOnAction(e -> presentation.clearInk());
        Button blank = new Button("Blank");
        blank.setOnAction(e -> presentation.toggleBlank());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, time, reset, grow, back, forward, clear, blank);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label nextHeading = heading("Next");
        next.getStyleClass().add("presenter-next");
        next.setId("presenter-next");
        next.setWrapText(true);
        notes.getStyleClass().add("presenter-notes");
        notes.setId("presenter-notes");
        notes.setWrapText(true);
        notes.setEditable(false);
        steps.setId("presenter-steps");
        VBox notesBox = new VBox(4, heading("Speaker notes"), notes);
        VBox.setVgrow(notes, Priority.ALWAYS);
        VBox stepsBox = new VBox(4, heading("Steps"), steps);
        VBox.setVgrow(steps, Priority.ALWAYS);
        HBox body = new HBox(12, notesBox, stepsBox);
        HBox.setHgrow(notesBox, Priority.ALWAYS);
        stepsBox.prefWidthProperty().bind(widthProperty().multiply(0.42));
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(bar, nextHeading, next, body);
        ticks = new Timeline(new KeyFrame(Duration.seconds(1), e -> refresh()));
        ticks.setCycleCount(Timeline.INDEFINITE);
        refresh();
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("presenter-heading");
        return l;
    }

    void show(Step step) {
        next.setText(step.next());
        notes.setText(step.notes());
        steps.getItems().setAll(step.steps());
        if (step.current() >= 0 && step.current() < step.steps().size()) {
            steps.getSelectionModel().select(step.current());
            steps.scrollTo(step.current());
        } else {
            steps.getSelectionModel().clearSelection();
        }
    }

    /** Shows the clock's time now. */
    public void refresh() {
        time.setText(clock.text());
    }

    void startTicking() {
        ticks.play();
    }

    void stopTicking() {
        ticks.stop();
    }

    public String notes() {
        return notes.getText();
    }

    public String nextStep() {
        return next.getText();
    }

    public String time() {
        return time.getText();
    }

    public java.util.List<String> steps() {
        return java.util.List.copyOf(steps.getItems());
    }
}
