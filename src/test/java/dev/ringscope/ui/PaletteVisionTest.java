package dev.ringscope.ui;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every theme's rings stay apart for the common colour-vision deficiencies, and their labels stay readable.
 *
 * <p>Simulation: Machado, Oliveira and Fernandes, "A Physiologically-based Model for Simulation of Color Vision
 * Deficiency", IEEE TVCG 15(6), 2009 — the severity-1.0 matrices of their Table 1 (protanopia, deuteranopia,
 * tritanopia), applied to linear sRGB and clipped to the gamut. Distance: CIE76 ΔE*ab in CIELAB (D65). Contrast:
 * WCAG 2.1 contrast ratio of relative luminances (success criterion 1.4.3: 4.5:1 for normal text).
 *
 * <p>Thresholds: ΔE76 ≈ 2.3 is one just-noticeable difference (Sharma 2003); neighbouring rings must differ by at
 * least {@value #SCREEN_DELTA_E} (about five JNDs: "plainly another colour") on a monitor and by
 * {@value #PROJECTOR_DELTA_E} on a projector, whose washed-out image loses much of a monitor's contrast.
 */
class PaletteVisionTest {

    static final double SCREEN_DELTA_E = 12;
    static final double PROJECTOR_DELTA_E = 25;
    static final double WCAG_AA = 4.5;

    enum Vision {
        NORMAL(null),
        PROTANOPIA(new double[][] {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
                {-0.003882, -0.048116, 1.051998}}),
        DEUTERANOPIA(new double[][] {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
                {-0.011820, 0.042940, 0.968881}}),
        TRITANOPIA(new double[][] {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
                {0.004733, 0.691367, 0.303900}});

        final double[][] matrix;

        Vision(double[][] matrix) {
            this.matrix = matrix;
        }

        /** The colour as this vision sees it, in linear sRGB. */
        double[] see(Color c) {
            double[] rgb = {linear(c.getRed()), linear(c.getGreen()), linear(c.getBlue())};
            if (matrix == null) {
                return rgb;
            }
            double[] out = new double[3];
            for (int i = 0; i < 3; i++) {
                double v = 0;
                for (int j = 0; j < 3; j++) {
                    v += matrix[i][j] * rgb[j];
                }
                out[i] = Math.max(0, Math.min(1, v));
            }
            return out;
        }
    }

    /** IEC 61966-2-1 (sRGB) decoding. */
    static double linear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** CIELAB (D65) of a linear sRGB colour; the sRGB→XYZ matrix of IEC 61966-2-1. */
    static double[] lab(double[] rgb) {
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        double d = 6.0 / 29;
        return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
    }

    static double deltaE76(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }

    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** Rings drawn touching each other: 3|2, 2|1, 1|0 and 0|−1. */
    static final int[][] NEIGHBOURS = {{3, 2}, {2, 1}, {1, 0}, {0, -1}};

    @ParameterizedTest
    @EnumSource(Themes.Theme.class)
    void neighbouringRingsStayApartForEveryVision(Themes.Theme theme) {
        Palette palette = Palette.of(theme);
        double threshold = theme == Themes.Theme.PROJECTOR ? PROJECTOR_DELTA_E : SCREEN_DELTA_E;
        List<Executable> checks = new ArrayList<>();
        for (Vision vision : Vision.values()) {
            for (int[] pair : NEIGHBOURS) {
                double d = deltaE76(lab(vision.see(palette.ring(pair[0]))), lab(vision.see(palette.ring(pair[1]))));
                checks.add(() -> assertTrue(d >= threshold, String.format("%s, %s: rings %d and %d differ by ΔE76 %.1f < %.0f",
                        theme.id(), vision, pair[0], pair[1], d, threshold)));
            }
        }
        assertAll(checks);
    }

    @ParameterizedTest
    @EnumSource(Themes.Theme.class)
    void ringLabelsAreReadableOnEveryRing(Themes.Theme theme) {
        Palette palette = Palette.of(theme);
        List<Executable> checks = new ArrayList<>();
        for (int ring = -1; ring <= 3; ring++) {
            int r = ring;
            // the ring's number is drawn in the text colour, who lives there in the muted one
            double title = contrast(palette.text(), palette.ring(ring));
            double who = contrast(palette.muted(), palette.ring(ring));
            checks.add(() -> assertTrue(title >= WCAG_AA, theme.id() + " ring " + r + " title contrast " + title));
            checks.add(() -> assertTrue(who >= WCAG_AA, theme.id() + " ring " + r + " occupant contrast " + who));
        }
        assertAll(checks);
    }

    /** The simulation itself, against values that can be checked by hand. */
    @Test
    void theSimulationAndTheMeasuresAreRight() {
        // a dichromat's matrix keeps white white (each row of Machado's matrices sums to 1)
        for (Vision v : Vision.values()) {
            double[] white = v.see(Color.WHITE);
            assertEquals(1, white[0], 1e-3, v + " red of white");
            assertEquals(1, white[1], 1e-3, v + " green of white");
            assertEquals(1, white[2], 1e-3, v + " blue of white");
        }
        assertEquals(21, contrast(Color.BLACK, Color.WHITE), 1e-9, "WCAG: black on white is 21:1");
        assertEquals(100, lab(Vision.NORMAL.see(Color.WHITE))[0], 0.01, "L* of white");
        assertEquals(53.24, lab(Vision.NORMAL.see(Color.RED))[0], 0.05, "L* of sRGB red");
        assertEquals(80.09, lab(Vision.NORMAL.see(Color.RED))[1], 0.1, "a* of sRGB red");
        // protanopes and deuteranopes confuse red and green far more than normal vision does
        double normal = deltaE76(lab(Vision.NORMAL.see(Color.web("#d62728"))), lab(Vision.NORMAL.see(Color.web("#2ca02c"))));
        double prot = deltaE76(lab(Vision.PROTANOPIA.see(Color.web("#d62728"))), lab(Vision.PROTANOPIA.see(Color.web("#2ca02c"))));
        double deut = deltaE76(lab(Vision.DEUTERANOPIA.see(Color.web("#d62728"))), lab(Vision.DEUTERANOPIA.see(Color.web("#2ca02c"))));
        assertTrue(prot < normal / 2 && deut < normal / 2, "red/green: normal " + normal + ", prot " + prot + ", deut " + deut);
    }
}
