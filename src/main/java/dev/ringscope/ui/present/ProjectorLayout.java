package dev.ringscope.ui.present;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The projector layout: the ring and the current instruction across the top, the rings filling the left,
 * the narration in a column on the right (about 40% of the width: at 1em = 1/30 of the height that is 35–45
 * characters a line on a 16:9 screen, easy to read aloud); the ink and the pointer over all of it; and the
 * black of a blanked screen over that.
 *
 * <p>Sizes come from assets/css/present.css, in em of one class this layout puts on itself for the screen's
 * height ({@link #sizeClass(double)}); the rings, drawn on a canvas, are told the same size in pixels.
 */
public final class ProjectorLayout extends StackPane {

    /** The screen heights with a size step in present.css, smallest first. */
    static final int[] HEIGHTS = {720, 900, 1080, 1440, 2160};
    /** The ring view draws its ring titles at 15 px × scale: scale = (height / 30) / 15 keeps them at 1em. */
    static final double RING_TITLE_PX = 15;

    private final Label ring = new Label();
    private final Label instruction = new Label();
    private final Label narration = new Label();
    private final Label footer = new Label(ClickerKeys.HELP);
    private final QuestionBox question = new QuestionBox();
    private final AnnotationLayer annotation = new AnnotationLayer();
    private final Region blank = new Region();
    private final java.util.function.DoubleConsumer ringScale;
    private double zoom = 1;
    private String sizeClass = "";

    ProjectorLayout(Node rings, java.util.function.DoubleConsumer ringScale) {
        this.ringScale = ringScale;
        getStyleClass().add("presentation");
        ring.getStyleClass().add("present-ring");
        ring.setMinWidth(Region.USE_PREF_SIZE);
        instruction.getStyleClass().add("present-instruction");
        instruction.setWrapText(true);
        instruction.setMinHeight(Region.USE_PREF_SIZE);
        HBox header = new HBox(ring, instruction);
        header.getStyleClass().add("present-header");
        narration.getStyleClass().add("present-narration");
        narration.setWrapText(true);
        narration.setMinHeight(Region.USE_PREF_SIZE); // wrap onto more lines, never "…"
        footer.getStyleClass().add("present-footer");
        footer.setWrapText(true);
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        VBox side = new VBox(narration, question, grow, footer);
        side.getStyleClass().add("present-side");
        side.prefWidthProperty().bind(widthProperty().multiply(0.40));
        side.setMinWidth(0);
        StackPane ringPane = new StackPane(rings);
        ringPane.getStyleClass().add("present-rings");
        BorderPane content = new BorderPane(ringPane);
        content.setTop(header);
        content.setRight(side);
        blank.getStyleClass().add("present-blank");
        blank.setVisible(false);
        blank.setOnMousePressed(e -> {
            setBlank(false); // a click brings the screen back too
            e.consume();
        });
        getChildren().addAll(content, annotation, blank);
        heightProperty().addListener((o, a, b) -> resize(b.doubleValue()));
    }

    /** The size class for a screen {@code height} pixels high: the largest step not above it. */
    static String sizeClass(double height) {
        int chosen = HEIGHTS[0];
        for (int h : HEIGHTS) {
            if (h <= height + 0.5) {
                chosen = h;
            }
        }
        return "present-h" + chosen;
    }

    private void resize(double height) {
        String next = sizeClass(height);
        if (!next.equals(sizeClass)) {
            getStyleClass().remove(sizeClass);
            getStyleClass().add(next);
            sizeClass = next;
        }
        int step = Integer.parseInt(next.substring("present-h".length()));
        ringScale.accept(step / 30.0 / RING_TITLE_PX * zoom);
    }

    /** The window's zoom (Ctrl +/−), 1 = 100%: CSS sizes follow it by inheritance, the rings by this. */
    void setZoom(double zoom) {
        this.zoom = zoom;
        resize(getHeight());
    }

    /** One em of the layout in pixels, as CSS resolved it (the narration's size). */
    public double emPixels() {
        return narration.getFont().getSize();
    }

    void show(Step step) {
        ring.setText(step.heading());
        instruction.setText(step.instruction());
        narration.setText(step.narration());
        question.show(step.poll());
    }

    /** The question on the projector (hidden for a step without one). */
    public QuestionBox question() {
        return question;
    }

    AnnotationLayer annotation() {
        return annotation;
    }

    void setBlank(boolean on) {
        blank.setVisible(on);
    }

    boolean isBlank() {
        return blank.isVisible();
    }

    String narration() {
        return narration.getText();
    }

    String instruction() {
        return instruction.getText();
    }
}
