package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.RingOccupancy;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The accurate picture of the rings (SDM Vol. 3C §23.3): VMX non-root and VMX root operation side
 * by side, each with its own rings 3 … 0 — the guest kernel and user in non-root rings 0 and 3, the
 * VMM (or the host kernel with KVM) in root ring 0 and a VMM process in root ring 3. Beside a hosted
 * VMM without VT-x the two sides are the VMM's world and the host's world. A VM exit crosses from
 * one side to the other; an exit to user space goes on to the host side's ring 3.
 */
final class SplitRings {

    /** Where a party is in this picture: on the host's side or the guest's, in a ring 0 … 3. */
    record Place(boolean hostSide, int ring) {
        static Place of(RingOccupancy rings, int ring, Party party) {
            int hostRing = rings.hostSideRing(ring, party);
            return hostRing >= 0 ? new Place(true, hostRing) : new Place(false, Math.max(0, ring));
        }
    }

    private final GraphicsContext g;
    private final Palette palette;
    private final double scale;
    private final double radius;
    private final double guestX;
    private final double hostX;
    private final double cy;

    SplitRings(GraphicsContext g, Palette palette, double scale, double w, double h) {
        this.g = g;
        this.palette = palette;
        this.scale = scale;
        this.radius = Math.max(20, Math.min(w / 4 - 10 * scale, h / 2 - 40 * scale));
        this.guestX = w / 4;
        this.hostX = 3 * w / 4;
        this.cy = h / 2 + 14 * scale;
    }

    /** The titles of the two sides: VMX non-root and root, or the VMM's world and the host's. */
    static String[] sideTitles(RingOccupancy rings) {
        return rings.hasRootRing() ? new String[] {"VMX non-root", "VMX root"} : new String[] {"VMM world", "host world"};
    }

    void draw(MachineView view, List<Event.RingTransition> trail, Place tokenFrom, Place tokenTo, double progress,
              int trailShown) {
        RingOccupancy rings = view.rings();
        String[] titles = sideTitles(rings);
        drawSide(false, titles[0], rings);
        drawSide(true, titles[1], rings);
        int from = Math.max(0, trail.size() - trailShown);
        for (int i = from; i < trail.size(); i++) {
            Event.RingTransition t = trail.get(i);
            drawCrossing(rings, t, trail.size() - 1 - i);
        }
        double[] a = point(tokenFrom, 35);
        double[] b = point(tokenTo, 35);
        double x = a[0] + (b[0] - a[0]) * progress;
        double y = a[1] + (b[1] - a[1]) * progress;
        RingView.drawToken(g, palette, x, y, scale);
    }

    private double outer(int ring) {
        return radius * (ring + 1) / 4;
    }

    private double middle(int ring) {
        return ring == 0 ? outer(0) * 0.55 : (outer(ring) + outer(ring - 1)) / 2;
    }

    /** A point in {@code place}'s ring at {@code degrees} around its side's centre. */
    private double[] point(Place place, double degrees) {
        double cx = place.hostSide() ? hostX : guestX;
        double r = middle(place.ring());
        return new double[] {cx + r * Math.cos(Math.toRadians(degrees)), cy + r * Math.sin(Math.toRadians(degrees))};
    }

    private void drawSide(boolean hostSide, String title, RingOccupancy rings) {
        double cx = hostSide ? hostX : guestX;
        for (int ring = 3; ring >= 0; ring--) {
            double ro = outer(ring);
            g.setFill(palette.ring(hostSide && ring == 0 ? -1 : ring));
            g.fillOval(cx - ro, cy - ro, 2 * ro, 2 * ro);
            g.setStroke(palette.ringLine());
            g.setLineWidth(1.2 * scale);
            g.strokeOval(cx - ro, cy - ro, 2 * ro, 2 * ro);
        }
        double text = Math.min(scale, radius / 170);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(palette.text());
        g.setFont(Font.font("System", FontWeight.BOLD, 17 * text));
        g.fillText(title, cx, cy - radius - 18 * text);
        for (int ring = 3; ring >= 0; ring--) {
            String who = occupants(rings, hostSide, ring);
            double y = cy - middle(ring);
            g.setFont(Font.font("System", FontWeight.BOLD, 13 * text));
            g.setFill(palette.text());
            g.fillText("Ring " + ring, cx, y - (who.isEmpty() ? 0 : 8 * text));
            if (!who.isEmpty()) {
                g.setFill(palette.muted());
                g.setFont(Font.font("System", 12 * text));
                g.fillText(who, cx, y + 8 * text);
            }
        }
    }

    /** Who lives in {@code ring} of one side, as a label ("host kernel · VMM"), or "". */
    static String occupants(RingOccupancy rings, boolean hostSide, int ring) {
        if (hostSide) {
            return String.join(" · ", rings.onHostSide(ring).stream().map(Party::label).toList());
        }
        Party p = rings.parties().get(ring);
        return p == null || ring < 0 ? "" : p.label();
    }

    private void drawCrossing(RingOccupancy rings, Event.RingTransition t, int age) {
        Place from = Place.of(rings, t.fromRing(), t.from());
        Place to = Place.of(rings, t.toRing(), t.to());
        // between the sides a crossing runs along the line joining them (the guest side's right, the host
        // side's left); within a side it fans out on that side's outer edge
        double[] a;
        double[] b;
        if (from.hostSide() == to.hostSide()) {
            double angle = from.hostSide() ? 30 - 12 * age : 150 + 12 * age;
            a = point(from, angle);
            b = point(to, angle + (from.hostSide() ? -8 : 8));
        } else {
            a = point(from, from.hostSide() ? 180 - 7 * age : 7 * age);
            b = point(to, to.hostSide() ? 180 - 7 * age : 7 * age);
        }
        double alpha = Math.max(0.15, 1.0 - age * 0.09);
        g.setStroke(palette.cause(t.cause()).deriveColor(0, 1, 1, alpha));
        g.setLineWidth((age == 0 ? 4 : 2.5) * scale);
        g.strokeLine(a[0], a[1], b[0], b[1]);
        double head = 6 * scale;
        g.setFill(palette.cause(t.cause()).deriveColor(0, 1, 1, alpha));
        g.fillOval(b[0] - head, b[1] - head, 2 * head, 2 * head);
        if (age == 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.setFont(Font.font("System", FontWeight.BOLD, 15 * Math.min(scale, radius / 170)));
            g.setFill(palette.cause(t.cause()));
            g.fillText(t.label(), (guestX + hostX) / 2, cy + radius + 6 * scale);
        }
    }
}
