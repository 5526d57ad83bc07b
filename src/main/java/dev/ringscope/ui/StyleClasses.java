package dev.ringscope.ui;

import javafx.scene.Node;

/**
 * Style classes that mark a state (current, written, read, highlighted). A change of a node's style
 * classes makes JavaFX look its styles up again, for it and everything inside it; views that are
 * updated at every step therefore change a class only when the state changes, never remove and add
 * it back (which costs the same lookup as a real change: tens of milliseconds a move across a window).
 */
final class StyleClasses {

    private StyleClasses() {
    }

    /** Gives {@code node} the class {@code name} when {@code on}, takes it away when not; no change, no work. */
    static void mark(Node node, String name, boolean on) {
        boolean has = node.getStyleClass().contains(name);
        if (on && !has) {
            node.getStyleClass().add(name);
        } else if (!on && has) {
            node.getStyleClass().removeAll(name);
        }
    }
}
