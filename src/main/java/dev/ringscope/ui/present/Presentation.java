package dev.ringscope.ui.present;

import dev.ringscope.replay.MachineView;
import java.time.Clock;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Presentation mode: F5 puts the window full screen in the {@link ProjectorLayout}, Esc brings the normal
 * window back. While presenting the clicker keys ({@link ClickerKeys}) move through the steps, blank the
 * screen and open the {@link PresenterView}; the mouse is a pointer and draws ink, which a new step clears.
 *
 * <p>Two hooks make it a lesson player's: the {@link Advancer} decides what next and back do, the
 * {@link Script} what a position shows (heading, instruction, narration, notes, next step, step list).
 */
public final class Presentation {

    /** What "next" and "back" do (a clicker's two buttons). */
    public interface Advancer {
        void next();

        void back();
    }

    /** What the presentation shows at a position of the run. */
    public interface Script {
        Step stepAt(MachineView view);
    }

    private final BorderPane window;
    private final ProjectorLayout layout;
    private final ElapsedClock clock = new ElapsedClock(Clock.systemUTC());
    private final ReadOnlyBooleanWrapper presenting = new ReadOnlyBooleanWrapper(false);
    private final ChangeListener<Boolean> fullScreenLeft = (o, was, now) -> {
        if (!now) {
            leave(); // the window manager (or the system's own Esc) took full screen away
        }
    };
    private Advancer advancer;
    private java.util.function.IntConsumer zoom = direction -> { };
    private Script script = new NarratedScript();
    /** Keys a lesson adds while presenting (the votes 1–4), asked before the clicker's. */
    private java.util.function.Predicate<javafx.scene.input.KeyCode> extraKeys = code -> false;
    private MachineView view;
    private long shownPosition = -1;
    private Node[] borrowed;
    private Stage stage;
    private Stage presenterStage;
    private PresenterView presenter;

    /**
     * @param window    the main window, whose top, centre and bottom the projector layout replaces while presenting
     * @param rings     the ring view the projector shows (a second one: the window keeps its own)
     * @param ringScale tells {@code rings} how large to draw its text (1 = the window's normal size)
     * @param advancer  next and back until a lesson brings its own
     */
    public Presentation(BorderPane window, Node rings, java.util.function.DoubleConsumer ringScale, Advancer advancer) {
        this.window = window;
        this.layout = new ProjectorLayout(rings, ringScale);
        this.advancer = advancer;
    }

    /** Ctrl +/− while presenting (the window's menus, which own those keys, are out of sight then). */
    public void useZoom(java.util.function.IntConsumer zoom) {
        this.zoom = zoom;
    }

    /** The lesson player takes over next and back. */
    public void useAdvancer(Advancer advancer) {
        this.advancer = advancer;
    }

    /** Keys of a lesson while presenting (votes): true when taken. */
    public void useKeys(java.util.function.Predicate<javafx.scene.input.KeyCode> keys) {
        this.extraKeys = keys;
    }

    /** The lesson player decides what each position shows. */
    public void useScript(Script script) {
        this.script = script;
        refresh();
    }

    /** The clock the presenter view's elapsed time reads (tests move their own). */
    public void useClock(Clock clock) {
        this.clock.use(clock);
    }

    /** Keys: F5 anywhere in the window, the clicker keys while presenting. Installed before the window's own. */
    public void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            // not once consumed: a lesson's step may have just made this window the root (another window's key)
            if (scene.getRoot() == window && !e.isConsumed() && handle(e)) {
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.ANY, e -> {
            if (scene.getRoot() == window && isPresenting() && e.getEventType() != KeyEvent.KEY_PRESSED
                    && !e.isShortcutDown()) {
                e.consume(); // a key's release or typed text must not reach a button left with the focus (Space)
            }
        });
    }

    private boolean handle(KeyEvent e) {
        if (e.isShortcutDown() && isPresenting()) {
            switch (e.getCode()) {
                case EQUALS, PLUS, ADD -> zoom.accept(1);
                case MINUS, SUBTRACT -> zoom.accept(-1);
                default -> {
                    return false;
                }
            }
            return true;
        }
        if (e.isShortcutDown() || e.isAltDown()) {
            return false; // the menus' accelerators stay the window's
        }
        if (layout.isBlank()) {
            setBlank(false); // any key brings the screen back, and does only that
            return true;
        }
        if (isPresenting() && extraKeys.test(e.getCode())) {
            return true;
        }
        return ClickerKeys.command(e.getCode(), isPresenting()).map(c -> {
            switch (c) {
                case NEXT -> next();
                case BACK -> back();
                case BLANK -> setBlank(true);
                case ENTER -> enter();
                case LEAVE -> leave();
                case PRESENTER -> openPresenter();
                case CLEAR -> clearInk();
            }
            return true;
        }).orElse(false);
    }

    /** Shows the projector layout, full screen, and (with two screens) the presenter view on the other. */
    public void enter() {
        if (isPresenting()) {
            return;
        }
        borrowed = new Node[] {window.getTop(), window.getCenter(), window.getBottom(), window.getLeft(), window.getRight()};
        window.setTop(null);
        window.setBottom(null);
        window.setLeft(null);
        window.setRight(null);
        window.setCenter(layout);
        presenting.set(true);
        clock.start();
        refresh();
        if (window.getScene() != null && window.getScene().getWindow() instanceof Stage s) {
            stage = s;
            stage.setFullScreenExitHint("");
            // Esc is ours: while blanked it only unblanks; otherwise it leaves presentation mode, full screen with it
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreen(true);
            stage.fullScreenProperty().addListener(fullScreenLeft);
        }
        if (Screen.getScreens().size() >= 2) {
            openPresenter();
        }
        layout.requestFocus();
    }

    /** Back to the normal window. The presenter view stays open (the lecturer closes it). */
    public void leave() {
        if (!isPresenting()) {
            return;
        }
        presenting.set(false);
        setBlank(false);
        layout.annotation().clear();
        if (stage != null) {
            stage.fullScreenProperty().removeListener(fullScreenLeft);
            stage.setFullScreen(false);
            stage.setFullScreenExitKeyCombination(null);
        }
        giveBack();
    }

    private void giveBack() {
        window.setCenter(borrowed[1]);
        window.setTop(borrowed[0]);
        window.setBottom(borrowed[2]);
        window.setLeft(borrowed[3]);
        window.setRight(borrowed[4]);
        borrowed = null;
    }

    /**
     * A lesson goes on in another window (a step under another technique): this window gets its parts back
     * without leaving full screen, {@code next} takes the elapsed time, and the presenter view (closed here) is
     * to be opened there. The caller makes {@code next}'s window the scene's root and then calls
     * {@link #continueFrom}.
     *
     * @return whether the presenter view was open
     */
    public boolean handOver(Presentation next) {
        boolean presenterOpen = presenterStage != null;
        if (!isPresenting()) {
            return presenterOpen;
        }
        presenting.set(false);
        setBlank(false);
        layout.annotation().clear();
        if (stage != null) {
            stage.fullScreenProperty().removeListener(fullScreenLeft);
        }
        giveBack();
        next.clock.takeFrom(clock);
        if (presenterStage != null) {
            presenterStage.hide();
        }
        return presenterOpen;
    }

    /** Presents in this window from where another window's presentation {@link #handOver handed over}. */
    public void continueFrom(boolean presenterOpen) {
        enter();
        if (presenterOpen) {
            openPresenter();
        }
    }

    public boolean isPresenting() {
        return presenting.get();
    }

    public ReadOnlyBooleanProperty presentingProperty() {
        return presenting.getReadOnlyProperty();
    }

    public void next() {
        setBlank(false);
        advancer.next();
    }

    public void back() {
        setBlank(false);
        advancer.back();
    }

    public void toggleBlank() {
        setBlank(!layout.isBlank());
    }

    void setBlank(boolean on) {
        layout.setBlank(on && isPresenting());
    }

    public boolean isBlank() {
        return layout.isBlank();
    }

    public void clearInk() {
        layout.annotation().clear();
    }

    /** The window shows a new position: the projector and presenter show its step; a new step clears the ink. */
    public void show(MachineView view) {
        this.view = view;
        if (view.position() != shownPosition) {
            layout.annotation().clear();
        }
        refresh();
    }

    private void refresh() {
        if (view == null || !(isPresenting() || presenter != null)) {
            return; // nobody looks: no step to build
        }
        shownPosition = view.position();
        Step step = script.stepAt(view);
        layout.show(step);
        if (presenter != null) {
            presenter.show(step);
        }
    }

    /** The window's zoom step (1 = 100%). */
    public void setZoom(double zoom) {
        layout.setZoom(zoom);
    }

    /** Opens the presenter view: on a screen the main window is not on when there is one, else as a window. */
    public void openPresenter() {
        if (presenterStage != null) {
            presenterStage.show();
            presenterStage.toFront();
            return;
        }
        presenter = new PresenterView(clock, this);
        Scene scene = new Scene(presenter, 1024, 640);
        if (window.getScene() != null) {
            scene.getStylesheets().setAll(window.getScene().getStylesheets());
            installKeys(scene, window);
        }
        presenterStage = new Stage();
        if (window.getScene() != null && window.getScene().getWindow() != null) {
            presenterStage.initOwner(window.getScene().getWindow()); // closes with the main window
        }
        presenterStage.setTitle("RingScope — presenter view");
        presenterStage.setScene(scene);
        Screen other = otherScreen();
        if (other != null) {
            javafx.geometry.Rectangle2D b = other.getVisualBounds();
            presenterStage.setX(b.getMinX());
            presenterStage.setY(b.getMinY());
            presenterStage.setWidth(b.getWidth());
            presenterStage.setHeight(b.getHeight());
        }
        presenterStage.setOnHidden(e -> {
            presenter.stopTicking();
            presenter = null;
            presenterStage = null;
        });
        refresh();
        presenter.startTicking();
        presenterStage.show();
    }

    /** The clicker may be talking to the presenter window (it has the focus): the same keys work there. */
    private void installKeys(Scene presenterScene, BorderPane main) {
        presenterScene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (main.getScene() != null && main.getScene().getRoot() == main && handle(e)) {
                e.consume();
            }
        });
        presenterScene.addEventFilter(KeyEvent.ANY, e -> {
            if (isPresenting() && e.getEventType() != KeyEvent.KEY_PRESSED && !e.isShortcutDown()) {
                e.consume(); // Space's release would press the focused button (Reset clock)
            }
        });
    }

    private Screen otherScreen() {
        if (Screen.getScreens().size() < 2) {
            return null;
        }
        Screen main = stage == null ? Screen.getPrimary()
                : Screen.getScreensForRectangle(stage.getX(), stage.getY(), 1, 1).stream().findFirst().orElse(Screen.getPrimary());
        return Screen.getScreens().stream().filter(s -> !s.equals(main)).findFirst().orElse(null);
    }

    /** The presenter view, or null when it is closed. */
    public PresenterView presenter() {
        return presenter;
    }

    /** The projector layout (tests and the lesson overlay look into it). */
    public ProjectorLayout layout() {
        return layout;
    }

    /** The ink and the pointer. */
    public AnnotationLayer annotation() {
        return layout.annotation();
    }

    /** What the projector shows now: the instruction line and the narration. */
    public String shownInstruction() {
        return layout.instruction();
    }

    public String shownNarration() {
        return layout.narration();
    }
}
