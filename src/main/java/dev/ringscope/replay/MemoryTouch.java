package dev.ringscope.replay;

/**
 * A data access the current step made; the UI colours reads and writes differently.
 *
 * @param linear the address the program used
 * @param size   1, 2 or 4 bytes
 */
public record MemoryTouch(long eventIndex, int linear, int physical, int size, int value, boolean write) {
}
