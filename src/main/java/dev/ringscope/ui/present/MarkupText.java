package dev.ringscope.ui.present;

import dev.ringscope.lesson.Markup;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** A lesson's {@link Markup} as JavaFX text: bold runs and code runs carry style classes the CSS sizes and colours. */
public final class MarkupText {

    private MarkupText() {
    }

    /** A text flow of {@code markup}, with {@code styleClass} on the flow. */
    public static TextFlow flow(Markup markup, String styleClass) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll("markup", styleClass);
        fill(flow, markup);
        return flow;
    }

    /** Replaces what {@code flow} shows with {@code markup} (null: nothing). */
    public static void fill(TextFlow flow, Markup markup) {
        flow.getChildren().clear();
        if (markup == null) {
            return;
        }
        for (Markup.Span span : markup.spans()) {
            Text t = new Text(span.text());
            t.getStyleClass().add("markup-text");
            if (span.bold()) {
                t.getStyleClass().add("markup-bold");
            }
            if (span.code()) {
                t.getStyleClass().add("markup-code");
            }
            flow.getChildren().add(t);
        }
    }

    /** The plain text a flow shows (tests read it). */
    public static String text(TextFlow flow) {
        StringBuilder sb = new StringBuilder();
        flow.getChildren().forEach(n -> sb.append(n instanceof Text t ? t.getText() : ""));
        return sb.toString();
    }
}
