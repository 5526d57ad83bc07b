package dev.ringscope.machine;

/** An image that cannot be booted: too big, a broken Multiboot header, an address outside memory. */
public final class BootException extends Exception {
    public BootException(String message) {
        super(message);
    }
}
