package dev.ringscope.ui;

import dev.ringscope.trace.Cause;
import javafx.scene.paint.Color;

/**
 * The colours of the canvas-drawn views for one theme. (The rest of the UI is styled by the CSS in
 * assets/css; a canvas cannot read CSS, so its colours are named here, once per theme.)
 */
record Palette(Color background, Color text, Color muted, Color[] rings, Color ringLine, Color token,
               Color systemCall, Color exception, Color interrupt, Color vmExit, Color hypercall, Color ret) {

    static Palette light() {
        return new Palette(Color.web("#f7f7f5"), Color.web("#1f2328"), Color.web("#5c6670"),
                new Color[] {Color.web("#f3d9c4"), Color.web("#f3e7c4"), Color.web("#dcebd2"), Color.web("#d3e4f1"),
                        Color.web("#e4dbf1")},
                Color.web("#9aa3ab"), Color.web("#d1242f"),
                Color.web("#0969da"), Color.web("#cf222e"), Color.web("#bf8700"), Color.web("#8250df"),
                Color.web("#1a7f37"), Color.web("#57606a"));
    }

    static Palette dark() {
        return new Palette(Color.web("#16191d"), Color.web("#e6edf3"), Color.web("#8b949e"),
                new Color[] {Color.web("#4a2f22"), Color.web("#4a4122"), Color.web("#25402a"), Color.web("#1f3347"),
                        Color.web("#33284a")},
                Color.web("#57606a"), Color.web("#ff7b72"),
                Color.web("#58a6ff"), Color.web("#ff7b72"), Color.web("#d29922"), Color.web("#bc8cff"),
                Color.web("#3fb950"), Color.web("#8b949e"));
    }

    /** Ring 0 … 3 (and −1 at index 4). */
    Color ring(int ring) {
        return rings[ring < 0 ? 4 : ring];
    }

    Color cause(Cause cause) {
        return switch (cause) {
            case SYSTEM_CALL -> systemCall;
            case EXCEPTION -> exception;
            case INTERRUPT -> interrupt;
            case VM_EXIT, VM_ENTRY -> vmExit;
            case HYPERCALL -> hypercall;
            case RETURN, FAR_TRANSFER -> ret;
        };
    }
}
