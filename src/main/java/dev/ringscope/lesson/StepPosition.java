package dev.ringscope.lesson;

import dev.ringscope.vmm.Technique;

/**
 * Where a step's point is in its run: the UI seeks {@code event} (Playback.seekEvent) on the run of
 * {@code technique}, {@code strictIsa} and {@code costPreset}, and shows exactly what the check saw.
 *
 * @param step        the step's number (1-based)
 * @param event       the event position: the view after events 0 … event-1
 * @param instruction the index of the last instruction retired there (-1: none)
 * @param costPreset  the cost preset's name (2006, modern)
 * @param cycle       the simulated cycle count there
 */
public record StepPosition(int step, Technique technique, boolean strictIsa, String costPreset, long event, long instruction, long cycle) {
}
