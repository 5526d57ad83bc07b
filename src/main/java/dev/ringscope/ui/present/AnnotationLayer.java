package dev.ringscope.ui.present;

import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polyline;

/**
 * Drawn over the projector layout: a large translucent dot where the mouse is (a laser pointer the
 * back row can see), and ink — press and drag to draw a stroke. The ink belongs to the step it was drawn
 * on: {@link Presentation} clears it when the step changes. Vector shapes, so crisp at any size.
 */
public final class AnnotationLayer extends Pane {

    /** The pointer's radius in em of the layout's font (1em = 1/30 of the screen height). */
    static final double POINTER_EM = 0.7;

    private final Circle pointer = new Circle();
    private Polyline stroke;

    AnnotationLayer() {
        getStyleClass().add("present-annotation");
        setPickOnBounds(true); // the whole area takes the mouse, transparent or not
        pointer.getStyleClass().add("present-pointer");
        pointer.setMouseTransparent(true);
        pointer.setManaged(false);
        pointer.setVisible(false);
        getChildren().add(pointer);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> point(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointer.setVisible(false));
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            point(e.getX(), e.getY());
            stroke = new Polyline(e.getX(), e.getY());
            stroke.getStyleClass().add("present-stroke");
            stroke.setMouseTransparent(true);
            stroke.setManaged(false);
            getChildren().add(getChildren().size() - 1, stroke); // under the pointer
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            point(e.getX(), e.getY());
            if (stroke != null) {
                stroke.getPoints().addAll(e.getX(), e.getY());
            }
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> stroke = null);
    }

    private void point(double x, double y) {
        pointer.setRadius(POINTER_EM * fontSize());
        pointer.setCenterX(x);
        pointer.setCenterY(y);
        pointer.setVisible(true);
    }

    private double fontSize() {
        // the layer is a Pane, not a control: the size comes from the font CSS gives the layout above it
        javafx.scene.Parent p = getParent();
        while (p != null) {
            if (p instanceof ProjectorLayout layout) {
                return layout.emPixels();
            }
            p = p.getParent();
        }
        return 24;
    }

    /** Takes all ink away (C, the presenter's button, or a new step). */
    public void clear() {
        stroke = null;
        getChildren().removeIf(n -> n != pointer);
    }

    /** How many strokes are drawn. */
    public int strokes() {
        return getChildren().size() - 1;
    }

    /** Where the pointer is, or null when it is not shown. */
    javafx.geometry.Point2D pointer() {
        return pointer.isVisible() ? new javafx.geometry.Point2D(pointer.getCenterX(), pointer.getCenterY()) : null;
    }
}
