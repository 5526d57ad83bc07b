package dev.ringscope.replay;

/**
 * One plain sentence about what just happened, and a longer "why" for a student who wants the
 * reason behind it.
 */
public record Narration(String sentence, String why) {
}
