package dev.ringscope.lesson;

import java.util.Locale;

/**
 * Which picture of the rings a lesson step shows: the simplified one (ring −1 below ring 0) or the
 * accurate one (SDM Vol. 3C §23.3: VMX root and non-root, each with rings 0–3).
 */
public enum RingPicture {
    SIMPLIFIED, ACCURATE;

    /** The name a lesson file uses: {@code simplified} or {@code accurate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
