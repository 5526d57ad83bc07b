package dev.ringscope.machine;

import java.util.function.IntConsumer;

/**
 * A 16550 UART at 0x3F8 (COM1): what kernels use to print. Transmit is instant, so the line
 * status register always says "transmitter empty"; no receive, no interrupts. Divisor latch,
 * line control, modem control and scratch registers keep what is written.
 */
final class Uart implements IoDevice {

    static final int BASE = 0x3F8;
    private static final int LSR_THRE = 0x20, LSR_TEMT = 0x40;

    private final IntConsumer transmit;
    int ier;
    int lcr;
    int mcr;
    int scratch;
    int divisor = 12;
    int fcr;

    Uart(IntConsumer transmit) {
        this.transmit = transmit;
    }

    int[] state() {
        return new int[] {ier, lcr, mcr, scratch, divisor, fcr};
    }

    void restore(int[] s) {
        ier = s[0];
        lcr = s[1];
        mcr = s[2];
        scratch = s[3];
        divisor = s[4];
        fcr = s[5];
    }

    @Override
    public String name() {
        return "16550 UART";
    }

    private boolean dlab() {
        return (lcr & 0x80) != 0;
    }

    @Override
    public int in(int port, int size) {
        return switch (port - BASE) {
            case 0 -> dlab() ? divisor & 0xFF : 0;
            case 1 -> dlab() ? (divisor >>> 8) & 0xFF : ier;
            case 2 -> (fcr & 1) != 0 ? 0xC1 : 0x01; // no interrupt pending
            case 3 -> lcr;
            case 4 -> mcr;
            case 5 -> LSR_THRE | LSR_TEMT;
            case 6 -> 0xB0; // CTS, DSR, DCD
            case 7 -> scratch;
            default -> 0xFF;
        };
    }

    @Override
    public void out(int port, int size, int value) {
        value &= 0xFF;
        switch (port - BASE) {
            case 0 -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF00) | value;
                } else {
                    transmit.accept(value);
                }
            }
            case 1 -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF) | value << 8;
                } else {
                    ier = value & 0x0F;
                }
            }
            case 2 -> fcr = value;
            case 3 -> lcr = value;
            case 4 -> mcr = value & 0x1F;
            case 7 -> scratch = value;
            default -> {
            }
        }
    }
}
