package dev.ringscope.ui.lesson;

import dev.ringscope.lesson.Highlight;
import dev.ringscope.lesson.LessonStep;
import dev.ringscope.lesson.LessonWriter;
import dev.ringscope.lesson.Markup;
import dev.ringscope.lesson.RunPoint;
import dev.ringscope.lesson.Spot;
import dev.ringscope.vmm.RunSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;

/**
 * "Add a step here": a new step at the position on screen, its point the instruction count there (which the
 * lesson's run reaches again exactly), with a title, narration and notes typed in and its highlights picked by
 * clicking among what the views show there (the rings in use, the crossing just made, the registers, the code
 * line, the VMCS fields). The narration's markup is checked as the reader checks it.
 */
public final class StepEditor extends GridPane {

    private final TextField title = new TextField();
    private final TextArea narration = new TextArea();
    private final TextArea notes = new TextArea();
    private final List<CheckBox> picks = new ArrayList<>();
    private final List<Highlight> candidates;
    private final long instructions;
    private final RunSetup setup;
    private final RunSetup lessonSetup;
    private final Label problem = new Label();

    /**
     * @param instructions the instructions retired at the position on screen (the new step's point)
     * @param candidates   the highlights the views offer there, in the order shown
     * @param setup        the setup on screen; the step switches to it when the lesson's own differs
     */
    public StepEditor(long instructions, List<Highlight> candidates, RunSetup setup, RunSetup lessonSetup) {
        this.instructions = instructions;
        this.candidates = List.copyOf(candidates);
        this.setup = setup;
        this.lessonSetup = lessonSetup;
        getStyleClass().add("step-editor");
        setHgap(10);
        setVgap(8);
        title.setId("step-title");
        narration.setId("step-narration");
        notes.setId("step-notes");
        narration.setWrapText(true);
        narration.setPrefRowCount(4);
        notes.setWrapText(true);
        notes.setPrefRowCount(3);
        narration.setPromptText("What the class sees here. **bold** and `code` are the markup.");
        notes.setPromptText("Speaker notes: what to say, what to ask.");
        FlowPane highlights = new FlowPane(8, 6);
        highlights.setId("step-highlights");
        for (Highlight h : candidates) {
            CheckBox box = new CheckBox(LessonWriter.text(h));
            picks.add(box);
            highlights.getChildren().add(box);
        }
        highlights.setPrefWrapLength(520);
        problem.getStyleClass().add("lesson-problem");
        problem.setWrapText(true);
        int row = 0;
        add(new Label("point"), 0, row);
        add(new Label(String.format("after instruction %,d of the run", instructions)
                + (setup.equals(lessonSetup) ? "" : ", under " + setup.describe())), 1, row++);
        add(new Label("title"), 0, row);
        add(title, 1, row++);
        add(new Label("narration"), 0, row);
        add(narration, 1, row++);
        add(new Label("mark"), 0, row);
        add(highlights, 1, row++);
        add(new Label("notes"), 0, row);
        add(notes, 1, row++);
        add(problem, 1, row);
    }

    /** The highlight check boxes (tests tick them as a user clicks). */
    public List<CheckBox> picks() {
        return picks;
    }

    public TextField titleField() {
        return title;
    }

    public TextArea narrationField() {
        return narration;
    }

    public TextArea notesField() {
        return notes;
    }

    /** The step as entered, or empty with the reason shown (a missing title or narration, unclosed markup). */
    public Optional<LessonStep> step() {
        String t = title.getText() == null ? "" : title.getText().strip();
        String n = narration.getText() == null ? "" : narration.getText().strip();
        if (t.isEmpty() || n.isEmpty()) {
            problem.setText("A step needs a title and a narration.");
            return Optional.empty();
        }
        Markup markup;
        try {
            markup = Markup.parse(n);
        } catch (IllegalArgumentException e) {
            problem.setText("The narration's markup: " + e.getMessage() + ".");
            return Optional.empty();
        }
        problem.setText("");
        List<Highlight> chosen = new ArrayList<>();
        for (int i = 0; i < picks.size(); i++) {
            if (picks.get(i).isSelected()) {
                chosen.add(candidates.get(i));
            }
        }
        Spot here = new Spot(0, 0, "runTo");
        boolean switches = !setup.equals(lessonSetup);
        return Optional.of(new LessonStep(0, t, new RunPoint.AfterInstructions(instructions, here), markup, chosen,
                switches && setup.technique() != lessonSetup.technique() ? Optional.of(setup.technique()) : Optional.empty(),
                switches && setup.strictIsa() != lessonSetup.strictIsa() ? Optional.of(setup.strictIsa()) : Optional.empty(),
                switches && !setup.cost().equals(lessonSetup.cost()) ? Optional.of(setup.cost()) : Optional.empty(),
                List.of(), notes.getText() == null ? "" : notes.getText().strip(), Optional.empty()));
    }

    public String problemText() {
        return problem.getText();
    }
}
