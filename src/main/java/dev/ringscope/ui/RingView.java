package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * The privilege rings, drawn as vectors so they stay crisp at any size: ring 3 outermost, ring 0
 * inside it, and ring −1 at the centre once a hardware VMM appears. Each ring says who runs there;
 * a token marks where execution is and glides when it crosses; the last crossings fan out around
 * the rings, coloured by cause and fading with age; a band on the rim shows the share of cycles
 * spent in each ring.
 */
final class RingView extends Region {

    private static final int TRAIL_SHOWN = 10;

    private final Canvas canvas = new Canvas();
    private final DoubleProperty tokenRing = new SimpleDoubleProperty(0);
    /** The accurate picture's token, 0 at {@link #placeFrom} to 1 at {@link #placeTo}. */
    private final DoubleProperty tokenMove = new SimpleDoubleProperty(1);
    private SplitRings.Place placeFrom = new SplitRings.Place(false, 0);
    private SplitRings.Place placeTo = new SplitRings.Place(false, 0);
    /** The accurate picture (root and non-root rings side by side) rather than ring −1 below ring 0. */
    private boolean accurate;
    private MachineView view;
    private Palette palette = Palette.light();
    private double scale = 1;
    /** What a lesson step points at: rings outlined, and the newest crossing haloed. */
    private java.util.Set<Integer> highlightedRings = java.util.Set.of();
    private boolean crossingHighlighted;

    RingView() {
        getStyleClass().add("ring-view");
        getChildren().add(canvas);
        tokenRing.addListener((o, a, b) -> draw());
        tokenMove.addListener((o, a, b) -> draw());
        setMinSize(240, 240);
        setPrefSize(640, 640);
    }

    void setPalette(Palette palette) {
        this.palette = palette;
        draw();
    }

    /** Text scale (zoom / projector mode). */
    void setScale(double scale) {
        this.scale = scale;
        draw();
    }

    /** Marks rings (3 … 0, −1) and, with {@code crossing}, the newest crossing: what a lesson step talks about. */
    void setHighlights(java.util.Set<Integer> rings, boolean crossing) {
        this.highlightedRings = java.util.Set.copyOf(rings);
        this.crossingHighlighted = crossing;
        draw();
    }

    java.util.Set<Integer> highlightedRings() {
        return highlightedRings;
    }

    boolean crossingHighlighted() {
        return crossingHighlighted;
    }

    /** The ring the token is drawn in (it moves there smoothly). */
    double tokenRing() {
        return tokenRing.get();
    }

    /** Whether a change of ring animates the token (pictures and animation frames want it where it is). */
    private boolean animated = true;

    void setAnimated(boolean on) {
        animated = on;
    }

    /**
     * The accurate picture of the rings (SDM Vol. 3C §23.3): VMX root and non-root side by side, each
     * with rings 0–3; or, off, the simplified one with ring −1 below ring 0. Without a hypervisor or a
     * host both pictures are the same rings 3 … 0.
     */
    void setAccuratePicture(boolean on) {
        accurate = on;
        draw();
    }

    boolean accuratePicture() {
        return accurate;
    }

    /** Whether the accurate picture is what is drawn now (chosen, and there is a root or host side to draw). */
    boolean showsSplitRings() {
        return accurate && view != null && view.rings().hasHostSide();
    }

    /** Where the token is headed in the accurate picture. */
    SplitRings.Place tokenPlace() {
        return placeTo;
    }

    private static SplitRings.Place place(MachineView v) {
        return SplitRings.Place.of(v.rings(), v.ring(), v.currentParty());
    }

    void show(MachineView next) {
        int from = view == null ? next.ring() : view.ring();
        SplitRings.Place before = view == null ? place(next) : place(view);
        this.view = next;
        placeFrom = before;
        placeTo = place(next);
        if (!before.equals(placeTo) && animated) {
            new Timeline(new KeyFrame(Duration.ZERO, new KeyValue(tokenMove, 0)),
                    new KeyFrame(Duration.millis(350), new KeyValue(tokenMove, 1))).play();
        } else {
            tokenMove.set(1);
        }
        if (from != next.ring() && animated) {
            new Timeline(new KeyFrame(Duration.ZERO, new KeyValue(tokenRing, from)),
                    new KeyFrame(Duration.millis(350), new KeyValue(tokenRing, next.ring()))).play();
        } else {
            tokenRing.set(next.ring());
        }
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    boolean hasHypervisorRing() {
        return view != null && view.rings().hasRootRing();
    }

    /** The ring the token is headed for (where the view says execution is), or 0 before any view. */
    int targetRing() {
        return view == null ? 0 : view.ring();
    }

    /** What each drawn ring is labelled with: who lives there, or nothing for a ring nobody uses. */
    java.util.SortedMap<Integer, String> ringLabels() {
        java.util.SortedMap<Integer, String> labels = new java.util.TreeMap<>();
        for (int ring = hasHypervisorRing() ? -1 : 0; ring <= 3; ring++) {
            String who = occupantLabel(ring);
            labels.put(ring, who == null ? "" : who);
        }
        return labels;
    }

    /** Who a ring is labelled with, or null: under a hosted or KVM host ring −1 names every party of VMX root. */
    private String occupantLabel(int ring) {
        if (ring < 0 && view != null && view.rings().hosted()) {
            // the simplified picture puts every party of VMX root in ring −1: the host kernel and the VMM process too
            java.util.List<String> root = new java.util.ArrayList<>();
            view.rings().onHostSide(0).forEach(p -> root.add(p.label()));
            view.rings().onHostSide(3).forEach(p -> root.add(p.label()));
            return String.join(" · ", root);
        }
        Party who = occupant(ring);
        return who == null ? null : who.label();
    }

    private Party occupant(int ring) {
        if (view == null) {
            return ring == 3 ? Party.GUEST_USER : ring == 0 ? Party.GUEST_KERNEL : null;
        }
        return view.rings().occupied(ring) ? view.party(ring) : null;
    }

    /** Outer radius of a ring's band; the innermost drawn ring sits on a disc. */
    private double outer(int ring, double r) {
        int bands = hasHypervisorRing() ? 5 : 4;
        int index = hasHypervisorRing() ? ring + 1 : ring; // 0 … bands-1 from the centre out
        return r * (index + 1) / bands;
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (w < 10 || h < 10) {
            return;
        }
        if (showsSplitRings()) {
            new SplitRings(g, palette, scale, w, h).draw(view, view.trail(), placeFrom, placeTo, tokenMove.get(),
                    TRAIL_SHOWN);
            return;
        }
        double cx = w / 2;
        double cy = h / 2;
        double r = Math.min(w, h) / 2 - 28 * scale;
        int innermost = hasHypervisorRing() ? -1 : 0;
        for (int ring = 3; ring >= innermost; ring--) {
            double ro = outer(ring, r);
            g.setFill(palette.ring(ring));
            g.fillOval(cx - ro, cy - ro, 2 * ro, 2 * ro);
            g.setStroke(palette.ringLine());
            g.setLineWidth(1.2 * scale);
            g.strokeOval(cx - ro, cy - ro, 2 * ro, 2 * ro);
        }
        drawCycleShares(g, cx, cy, r);
        drawHighlightedRings(g, cx, cy, r, innermost);
        drawTrail(g, cx, cy, r);
        // the labels over the crossings (ring −1's small disc has both), each on a halo of its ring's colour
        for (int ring = 3; ring >= innermost; ring--) {
            drawLabel(g, ring, cx, cy, r);
        }
        drawToken(g, cx, cy, r);
    }

    /** A lesson's rings: a thick dashed outline of the band, in the text colour (the strongest contrast in every theme). */
    private void drawHighlightedRings(GraphicsContext g, double cx, double cy, double r, int innermost) {
        for (int ring : highlightedRings) {
            if (ring < innermost || ring > 3) {
                continue; // ring −1 without a hardware VMM: nothing drawn there to mark
            }
            g.setStroke(palette.text());
            g.setLineWidth(4 * scale);
            g.setLineDashes(12 * scale, 7 * scale);
            double ro = outer(ring, r) - 2 * scale;
            g.strokeOval(cx - ro, cy - ro, 2 * ro, 2 * ro);
            if (ring > innermost) {
                double ri = outer(ring - 1, r) + 2 * scale;
                g.strokeOval(cx - ri, cy - ri, 2 * ri, 2 * ri);
            }
            g.setLineDashes();
        }
    }

    private double middle(double ring, double r) {
        int lower = (int) Math.floor(ring);
        int upper = (int) Math.ceil(ring);
        double a = mid(lower, r);
        double b = mid(upper, r);
        return a + (b - a) * (ring - lower);
    }

    private double mid(int ring, double r) {
        double ro = outer(ring, r);
        double ri = ring == (hasHypervisorRing() ? -1 : 0) ? 0 : outer(ring - 1, r);
        if (ring < 0) {
            return ro * 0.75; // the hypervisor's disc has its label at the centre: crossings and token keep off it
        }
        return ring == 0 && !hasHypervisorRing() ? ro * 0.45 : (ro + ri) / 2;
    }

    private void drawLabel(GraphicsContext g, int ring, double cx, double cy, double r) {
        String whoText = occupantLabel(ring);
        // the hypervisor's disc is labelled at its centre, clear of ring 0's label above it
        double y = ring < 0 ? cy : cy - middle(ring, r);
        // small rings (the comparison's panes) get smaller labels, so that neighbouring rings' labels do not overlap
        double scale = Math.min(this.scale, r / 170);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(palette.text());
        g.setFont(Font.font("System", FontWeight.BOLD, 15 * scale));
        String title = ring < 0 ? "Ring −1" : "Ring " + ring;
        g.setStroke(palette.ring(ring));
        g.setLineWidth(4 * scale);
        g.setLineJoin(javafx.scene.shape.StrokeLineJoin.ROUND);
        g.strokeText(title, cx, y - (whoText == null ? 0 : 9 * scale));
        g.fillText(title, cx, y - (whoText == null ? 0 : 9 * scale));
        if (whoText != null) {
            g.setFill(palette.muted());
            g.setFont(Font.font("System", 13 * scale));
            g.strokeText(whoText, cx, y + 9 * scale);
            g.fillText(whoText, cx, y + 9 * scale);
        }
    }

    private void drawToken(GraphicsContext g, double cx, double cy, double r) {
        if (view == null || view.current() == null) {
            return;
        }
        double radius = middle(tokenRing.get(), r);
        double angle = Math.toRadians(35); // below and right of the labels, which sit at the top
        double x = cx + radius * Math.cos(angle);
        double y = cy + radius * Math.sin(angle);
        drawToken(g, palette, x, y, scale);
    }

    /** The token (where execution is) at {@code x, y}: a filled disc with a rim of the background's colour. */
    static void drawToken(GraphicsContext g, Palette palette, double x, double y, double scale) {
        double size = 11 * scale;
        g.setFill(palette.token());
        g.fillOval(x - size, y - size, 2 * size, 2 * size);
        g.setStroke(palette.background());
        g.setLineWidth(2.5 * scale);
        g.strokeOval(x - size, y - size, 2 * size, 2 * size);
    }

    /** The latest crossings, each a curve between two rings at its own angle, newest brightest. */
    private void drawTrail(GraphicsContext g, double cx, double cy, double r) {
        if (view == null) {
            return;
        }
        List<Event.RingTransition> trail = view.trail();
        int from = Math.max(0, trail.size() - TRAIL_SHOWN);
        for (int i = from; i < trail.size(); i++) {
            Event.RingTransition t = trail.get(i);
            int age = trail.size() - 1 - i;
            // crossings fan out on the left, away from the labels at the top and the token on the right
            double angle = Math.toRadians(135 + 11 * age);
            double r1 = middle(t.fromRing(), r);
            double r2 = middle(t.toRing(), r);
            double x1 = cx + r1 * Math.cos(angle);
            double y1 = cy + r1 * Math.sin(angle);
            double x2 = cx + r2 * Math.cos(angle + 0.12);
            double y2 = cy + r2 * Math.sin(angle + 0.12);
            double alpha = Math.max(0.15, 1.0 - age * 0.09);
            if (age == 0 && crossingHighlighted) {
                g.setStroke(palette.text().deriveColor(0, 1, 1, 0.35)); // a halo under the crossing the step is about
                g.setLineWidth(12 * scale);
                g.strokeLine(x1, y1, x2, y2);
            }
            g.setStroke(palette.cause(t.cause()).deriveColor(0, 1, 1, alpha));
            g.setLineWidth((age == 0 ? 4 : 2.5) * scale);
            g.strokeLine(x1, y1, x2, y2);
            double head = 6 * scale;
            g.setFill(palette.cause(t.cause()).deriveColor(0, 1, 1, alpha));
            g.fillOval(x2 - head, y2 - head, 2 * head, 2 * head);
            if (age == 0) {
                // the newest crossing is named beside its outer end
                double ro = Math.max(r1, r2) + 14 * scale;
                g.setTextAlign(TextAlignment.RIGHT);
                g.setTextBaseline(VPos.CENTER);
                g.setFont(Font.font("System", FontWeight.BOLD, 15 * scale));
                g.setFill(palette.cause(t.cause()));
                g.fillText(t.label(), cx + ro * Math.cos(angle), cy + ro * Math.sin(angle));
            }
        }
    }

    /** A thin band on the rim: the share of cycles each ring has used so far. */
    private void drawCycleShares(GraphicsContext g, double cx, double cy, double r) {
        if (view == null || view.cyclesByRing().isEmpty()) {
            return;
        }
        long total = view.cyclesByRing().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        double rr = r + 12 * scale;
        double start = 90;
        g.setLineWidth(8 * scale);
        for (var e : view.cyclesByRing().entrySet()) {
            double extent = 360.0 * e.getValue() / total;
            g.setStroke(palette.ring(e.getKey()).darker());
            g.strokeArc(cx - rr, cy - rr, 2 * rr, 2 * rr, start, -extent, javafx.scene.shape.ArcType.OPEN);
            start -= extent;
        }
    }
}
