package dev.ringscope.ui.present;

import java.util.Optional;
import javafx.scene.input.KeyCode;

/**
 * What presentation remotes send, and what RingScope does with it. Remotes (Logitech R400/R500/Spotlight,
 * Kensington, most no-name clickers) are keyboards that send PageDown/PageUp for next/back, F5 or
 * Shift+F5 to start the show, Esc to end it, and B or "." to blank the screen; some send →/← instead.
 */
public final class ClickerKeys {

    /** What a key asks for. */
    public enum Command {
        /** PageDown, →, ↓, Space: the next step. */
        NEXT,
        /** PageUp, ←, ↑, Backspace: the step before. */
        BACK,
        /** B or "." : blank the screen (any key brings it back). */
        BLANK,
        /** F5: enter presentation mode. */
        ENTER,
        /** Esc: leave it. */
        LEAVE,
        /** P: open the presenter view. */
        PRESENTER,
        /** C: clear the drawing. */
        CLEAR
    }

    private ClickerKeys() {
    }

    /** The command {@code code} gives in presentation mode, or, outside it, only F5's. */
    public static Optional<Command> command(KeyCode code, boolean presenting) {
        if (!presenting) {
            return code == KeyCode.F5 ? Optional.of(Command.ENTER) : Optional.empty();
        }
        return Optional.ofNullable(switch (code) {
            case PAGE_DOWN, RIGHT, DOWN, SPACE, ENTER -> Command.NEXT;
            case PAGE_UP, LEFT, UP, BACK_SPACE -> Command.BACK;
            case B, PERIOD -> Command.BLANK;
            case F5 -> Command.ENTER; // a remote's "start" button pressed again: stay
            case ESCAPE -> Command.LEAVE;
            case P -> Command.PRESENTER;
            case C -> Command.CLEAR;
            default -> null;
        });
    }

    /** One line for the footer and the README: the keys, for a lecturer. */
    public static final String HELP = "PageDown/→/Space next · PageUp/← back · B blank · C clear ink · P presenter · Esc leave";
}
