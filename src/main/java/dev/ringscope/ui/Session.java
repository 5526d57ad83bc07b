package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Move;
import dev.ringscope.replay.Playback;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The run on screen: a {@link Playback} and the {@link MachineView} the views show. All calls come
 * from the JavaFX thread; playing advances a bounded number of instructions per frame, so even a
 * guest that never stops cannot freeze the window, and Pause always works.
 */
final class Session {

    private final Playback playback;
    private final ObjectProperty<MachineView> view = new SimpleObjectProperty<>();
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    /** Instructions per second while playing (1 … 100 000). */
    private final DoubleProperty speed = new SimpleDoubleProperty(20);
    private final AnimationTimer timer;
    private long lastFrame;
    private double owed;

    Session(Playback playback) {
        this.playback = playback;
        this.view.set(playback.view());
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frame(now);
            }
        };
    }

    ObjectProperty<MachineView> viewProperty() {
        return view;
    }

    MachineView view() {
        return view.get();
    }

    BooleanProperty playingProperty() {
        return playing;
    }

    DoubleProperty speedProperty() {
        return speed;
    }

    Playback playback() {
        return playback;
    }

    void step() {
        pause();
        playback.stepInstruction();
        publish();
    }

    void stepBack() {
        pause();
        playback.stepBack();
        publish();
    }

    void stepOver() {
        pause();
        playback.stepOver(1_000_000);
        publish();
    }

    /** Moves on before the window is shown (bounded, as playing is). */
    void advanceAtStart(long instructions) {
        playback.advance(Math.max(0, Math.min(instructions, 10_000_000)));
        publish();
    }

    void stepToNext(dev.ringscope.trace.EventKind kind) {
        pause();
        playback.stepToNext(java.util.Set.of(kind), 10_000_000);
        publish();
    }

    /** To just after event {@code seq}: the view whose last event is the one the user chose. */
    void seekToEvent(long seq) {
        pause();
        playback.seekEvent(seq + 1);
        publish();
    }

    /** To the end of instruction {@code index}'s step (a live run runs on to it, bounded). */
    void seekInstruction(long index) {
        pause();
        playback.seekInstruction(index);
        publish();
    }

    /** To the start of the view after the first {@code position} events (may stop mid-step). */
    void seekPosition(long position) {
        pause();
        playback.seekEvent(position);
        publish();
    }

    void home() {
        pause();
        playback.home();
        publish();
    }

    void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            playing.set(true);
            lastFrame = 0;
            owed = 0;
            timer.start();
        }
    }

    void pause() {
        playing.set(false);
        timer.stop();
    }

    private void frame(long now) {
        if (lastFrame != 0) {
            owed += speed.get() * (now - lastFrame) / 1e9;
        }
        lastFrame = now;
        long n = Math.min((long) owed, 50_000); // bounded work per frame keeps the UI responsive
        if (n > 0) {
            owed -= n;
            Move move = playback.advance(n);
            publish();
            if (move.stop() != Move.Stop.COMPLETED) {
                pause();
            }
        }
    }

    /** Someone else moved the playback (the presentation's next and back): show where it is now. */
    void moved() {
        publish();
    }

    private void publish() {
        view.set(playback.view());
    }
}
