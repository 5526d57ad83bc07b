package dev.ringscope.ui.present;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** How long the lecture has run, from a {@link Clock} the caller chooses (tests pass one they move). */
public final class ElapsedClock {

    private Clock clock;
    private Instant start;

    public ElapsedClock(Clock clock) {
        this.clock = clock;
    }

    void use(Clock clock) {
        this.clock = clock;
        start = null;
    }

    /** Starts counting, unless already counting. */
    void start() {
        if (start == null) {
            start = clock.instant();
        }
    }

    /** Goes on counting from where {@code other} is (a presentation handed over to another window). */
    void takeFrom(ElapsedClock other) {
        clock = other.clock;
        start = other.start;
    }

    void reset() {
        start = clock.instant();
    }

    Duration elapsed() {
        return start == null ? Duration.ZERO : Duration.between(start, clock.instant());
    }

    /** m:ss, or h:mm:ss from an hour on. */
    String text() {
        long s = Math.max(0, elapsed().getSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
