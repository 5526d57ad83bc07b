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
        return new Palette(Color.web("#f7f7f5"), Color.web("#1f2328"), Color.web("#4d565f"),
                new Color[] {Color.web("#f3d9c4"), Color.web("#fffdc8"), Color.web("#cbdac3"), Color.web("#d0efff"),
                        Color.web("#e3dcf2")},
                Color.web("#9aa3ab"), Color.web("#d1242f"),
                Color.web("#0969da"), Color.web("#cf222e"), Color.web("#bf8700"), Color.web("#8250df"),
                Color.web("#1a7f37"), Color.web("#57606a"));
    }

    static Palette dark() {
        return new Palette(Color.web("#16191d"), Color.web("#e6edf3"), Color.web("#a3acb6"),
                new Color[] {Color.web("#4d3022"), Color.web("#473b3f"), Color.web("#23381d"), Color.web("#194360"),
                        Color.web("#33284a")},
                Color.web("#57606a"), Color.web("#ff7b72"),
                Color.web("#58a6ff"), Color.web("#ff7b72"), Color.web("#d29922"), Color.web("#bc8cff"),
                Color.web("#3fb950"), Color.web("#8b949e"));
    }

    /**
     * For a projector: black on white, rings in the Okabe–Ito colours (Okabe &amp; Ito 2008, "Color Universal
     * Design"), which stay apart under protanopia, deuteranopia and tritanopia and keep black labels at a
     * WCAG contrast above 4.5 (PaletteVisionTest checks both). Washed-out pastels vanish on a projector.
     */
    static Palette projector() {
        return new Palette(Color.web("#ffffff"), Color.web("#000000"), Color.web("#000000"),
                new Color[] {Color.web("#e99900"), Color.web("#b67baa"), Color.web("#f0e442"), Color.web("#56b4e9"),
                        Color.web("#009e73")},
                Color.web("#000000"), Color.web("#000000"),
                Color.web("#0050a0"), Color.web("#c00000"), Color.web("#8a5a00"), Color.web("#6a00b0"),
                Color.web("#006b3c"), Color.web("#303030"));
    }

    static Palette of(Themes.Theme theme) {
        return switch (theme) {
            case LIGHT -> light();
            case DARK -> dark();
            case PROJECTOR -> projector();
        };
    }

    /** Ring 0 … 3 (and −1 at index 4). */
    Color ring(int ring) {
        return rings[ring < 0 ? 4 : ring];
    }

    Color cause(Cause cause) {
        return switch (cause) {
            case SYSTEM_CALL, HOST_SYSCALL -> systemCall; // the VMM process's write() is a system call, of the host
            case WORLD_SWITCH -> vmExit; // the VMM leaving for the host's context or coming back
            case EXCEPTION -> exception;
            case INTERRUPT -> interrupt;
            case VM_EXIT, VM_ENTRY -> vmExit;
            case HYPERCALL -> hypercall;
            case RETURN, FAR_TRANSFER, EXIT_TO_USER -> ret; // KVM_RUN returning to its caller
        };
    }
}
