package dev.ringscope.machine;

/** A device on the I/O port bus. */
interface IoDevice {

    String name();

    /** Reads {@code size} bytes (1, 2, 4) from {@code port}. */
    int in(int port, int size);

    void out(int port, int size, int value);
}
