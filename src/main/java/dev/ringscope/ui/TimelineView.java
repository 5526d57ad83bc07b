package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.trace.Cause;
import dev.ringscope.trace.Trace;
import java.util.Arrays;
import java.util.function.LongConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The whole run so far as a strip: the ring over time (x the event index, ring 3 at the top, ring −1
 * at the bottom once a hardware VMM appears), its crossings coloured by cause, markers for exceptions,
 * interrupts, system calls, VM exits and hypercalls in a band below, and a playhead at the event
 * playback is at. Clicking or dragging scrubs. Drawn as vectors at any width; the data behind it
 * ({@link TimelineTrack}) grows with the trace, so a frame costs at most a few lines per pixel column.
 *
 * <p>Two layers: the strip, redrawn only when what it shows changes (new events, the size, the
 * palette), and the playhead above it, redrawn at every move. Drawing the strip goes over every
 * crossing once; on a recorded run of 25 million events that is tens of milliseconds, which a seek
 * no longer pays.
 */
final class TimelineView extends Region {

    private static final double GUTTER = 52;
    private static final double PAD = 8;
    private static final double MARKER_BAND = 14;

    private final Canvas canvas = new Canvas();
    /** The playhead, above the strip. */
    private final Canvas head = new Canvas();
    /** What the strip was last drawn for: width, height, events, rows, palette; redrawn when any differs. */
    private Object drawnFor;
    private final TimelineTrack track;
    private final LongConsumer onSeek;
    private Palette palette = Palette.light();
    /** Whether the run's layout has a VMX root ring (−1). */
    private boolean rootRing;
    /** The last event folded into the shown view, -1 before any. */
    private long current = -1;

    /**
     * @param trace  the run's events ({@code playback.trace()}); a live run's grows, {@link #show} catches up
     * @param onSeek called with the index of the event under the mouse while clicking or dragging
     */
    TimelineView(Trace trace, LongConsumer onSeek) {
        this(new TimelineTrack(trace), onSeek);
    }

    /** @param track the run's track, perhaps caught up ahead (off the JavaFX thread, while a trace loads) */
    TimelineView(TimelineTrack track, LongConsumer onSeek) {
        this.track = track;
        this.onSeek = onSeek;
        getStyleClass().add("timeline");
        head.setMouseTransparent(true);
        getChildren().addAll(canvas, head);
        setMinHeight(70);
        setPrefHeight(120);
        setPrefWidth(640);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::scrub);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::scrub);
    }

    void setPalette(Palette palette) {
        this.palette = palette;
        draw();
    }

    void show(MachineView view) {
        track.catchUp();
        current = view.position() - 1;
        rootRing = view.rings().hasRootRing();
        draw();
    }

    /** How many times the strip (not the playhead) has been drawn: for tests. */
    private int stripDraws;

    int stripDraws() {
        return stripDraws;
    }

    private void scrub(MouseEvent e) {
        long event = eventAt(e.getX());
        if (event >= 0) {
            onSeek.accept(event);
        }
        e.consume();
    }

    // ---------------------------------------------------------------- geometry

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - GUTTER - PAD);
    }

    /** The left edge of event {@code seq}'s slice of the strip; event i spans [x(i), x(i+1)). */
    double xOf(long seq) {
        long n = Math.max(1, track.events());
        return GUTTER + plotWidth() * seq / n;
    }

    /** The event under {@code x} (clamped to the strip), or -1 if there are no events yet. */
    long eventAt(double x) {
        long n = track.events();
        if (n == 0) {
            return -1;
        }
        long seq = (long) Math.floor((x - GUTTER) / plotWidth() * n);
        return Math.max(0, Math.min(n - 1, seq));
    }

    private int rows() {
        // rings 3 … 0, and −1 under a hardware VMM (the layout says so from the start); never more than five rows,
        // whatever a trace file claims
        return rootRing || track.lowestRing() < 0 ? 5 : 4;
    }

    private double rowHeight() {
        return Math.max(1, (canvas.getHeight() - MARKER_BAND - 2 * PAD) / rows());
    }

    /** The middle of a ring's row: ring 3 at the top. */
    private double yOf(int ring) {
        return PAD + (3 - ring + 0.5) * rowHeight();
    }

    // ---------------------------------------------------------------- drawing

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        head.setWidth(getWidth());
        head.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        java.util.List<Object> key = java.util.List.of(w, h, track.events(), rows(), palette);
        if (!key.equals(drawnFor)) {
            drawnFor = key;
            stripDraws++;
            drawStrip(w, h);
        }
        GraphicsContext g = head.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w >= GUTTER + 2 * PAD && h >= MARKER_BAND + 2 * PAD && track.events() > 0) {
            drawPlayhead(g);
        }
    }

    private void drawStrip(double w, double h) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (w < GUTTER + 2 * PAD || h < MARKER_BAND + 2 * PAD) {
            return;
        }
        drawRingRows(g);
        if (track.events() > 0) {
            drawRingLine(g);
            drawMarkers(g);
        }
    }

    private void drawRingRows(GraphicsContext g) {
        double rh = rowHeight();
        g.setFont(Font.font("System", Math.min(13, Math.max(9, rh * 0.6))));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int ring = 3; ring >= 3 - rows() + 1; ring--) {
            double top = yOf(ring) - rh / 2;
            g.setFill(palette.ring(ring).deriveColor(0, 1, 1, 0.55));
            g.fillRect(GUTTER, top, plotWidth(), rh);
            g.setFill(palette.muted());
            g.fillText(ring < 0 ? "ring −1" : "ring " + ring, GUTTER - 6, yOf(ring));
        }
    }

    /**
     * The step line. Crossings closer together than a pixel share a column: the column gets one
     * vertical stroke spanning the rings visited, so the cost is bounded by the width.
     */
    private void drawRingLine(GraphicsContext g) {
        g.setLineWidth(1.6);
        int ring = track.startRing();
        double lastX = GUTTER;
        int column = Integer.MIN_VALUE;
        double spanTop = 0;
        double spanBottom = 0;
        Cause spanCause = null;
        for (int k = 0; k < track.transitionCount(); k++) {
            double x = xOf(track.transitionSeq(k));
            int c = (int) Math.floor(x);
            if (c != column) {
                strokeSpan(g, column, spanTop, spanBottom, spanCause);
                g.setStroke(palette.text());
                g.strokeLine(lastX, yOf(ring), x, yOf(ring));
                column = c;
                spanTop = spanBottom = yOf(ring);
                lastX = x;
            }
            ring = track.ringAfter(k);
            spanTop = Math.min(spanTop, yOf(ring));
            spanBottom = Math.max(spanBottom, yOf(ring));
            spanCause = track.transitionCause(k);
        }
        strokeSpan(g, column, spanTop, spanBottom, spanCause);
        g.setStroke(palette.text());
        g.strokeLine(lastX, yOf(ring), GUTTER + plotWidth(), yOf(ring));
    }

    private void strokeSpan(GraphicsContext g, int column, double top, double bottom, Cause cause) {
        if (column == Integer.MIN_VALUE) {
            return;
        }
        g.setStroke(palette.cause(cause));
        g.strokeLine(column + 0.5, top, column + 0.5, bottom);
    }

    /** One tick per cause and pixel column, in the band under the rings. */
    private void drawMarkers(GraphicsContext g) {
        double top = canvas.getHeight() - PAD - MARKER_BAND;
        int[] lastColumn = new int[Cause.values().length];
        Arrays.fill(lastColumn, Integer.MIN_VALUE);
        g.setLineWidth(2);
        for (int k = 0; k < track.markerCount(); k++) {
            Cause cause = track.markerCause(k);
            int c = (int) Math.floor(xOf(track.markerSeq(k)));
            if (c == lastColumn[cause.ordinal()]) {
                continue;
            }
            lastColumn[cause.ordinal()] = c;
            g.setStroke(palette.cause(cause));
            g.strokeLine(c + 0.5, top + 2, c + 0.5, top + MARKER_BAND);
        }
    }

    private void drawPlayhead(GraphicsContext g) {
        if (current < 0) {
            return;
        }
        double x = (xOf(current) + xOf(current + 1)) / 2;
        g.setStroke(palette.token());
        g.setLineWidth(2);
        g.strokeLine(x, PAD / 2, x, canvas.getHeight() - PAD / 2);
        g.setFill(palette.token()); // a head, so the playhead is not taken for a marker
        g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {0, 0, 7}, 3);
    }

    // ---------------------------------------------------------------- for tests

    TimelineTrack track() {
        return track;
    }
}
