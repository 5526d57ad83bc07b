package dev.ringscope.machine;

/**
 * The 8254 programmable interval timer, channel 0 (ports 0x40 and 0x43), driving IRQ 0. Its input
 * clock is the guest's instruction count (one tick per {@code divider} instructions), not wall
 * time, so a run is deterministic: the same program sees its timer interrupts at the same
 * instructions every time. Modes 2 and 3 (periodic) as kernels use them; the counter latch
 * and read-back commands for reads. Source: Intel 8254 datasheet.
 */
final class Pit implements IoDevice {

    private final int divider;
    private int mode;
    private int access = 3;
    private int reload;
    private boolean lowWritten;
    private int partial;
    private boolean running;
    private long loadTime;
    /** Machine time (instructions) of the next IRQ 0, or Long.MAX_VALUE. */
    long nextFire = Long.MAX_VALUE;
    private int latched = -1;
    private int statusLatched = -1;
    private boolean bcd;
    private boolean nullCount;
    private boolean readHigh;
    private long now;

    Pit(int divider) {
        this.divider = divider;
    }

    @Override
    public String name() {
        return "8254 PIT";
    }

    void setTime(long time) {
        this.now = time;
    }

    private long period() {
        return (long) (reload == 0 ? 65536 : reload) * divider;
    }

    /** Called when machine time reaches {@link #nextFire}: true if IRQ 0 should be raised. */
    boolean fire(long time) {
        if (!running || time < nextFire) {
            return false;
        }
        long p = period();
        nextFire += p * Math.max(1, (time - nextFire) / p + 1);
        return true;
    }

    @Override
    public int in(int port, int size) {
        if (port != 0x40) {
            return 0xFF;
        }
        if (statusLatched >= 0) {
            int status = statusLatched;
            statusLatched = -1;
            return status;
        }
        int count = latched >= 0 ? latched : currentCount();
        int value;
        if (access == 1) {
            value = count & 0xFF;
        } else if (access == 2) {
            value = (count >>> 8) & 0xFF;
        } else {
            value = readHigh ? (count >>> 8) & 0xFF : count & 0xFF;
            readHigh = !readHigh;
            if (!readHigh) {
                latched = -1;
            }
            return value;
        }
        latched = -1;
        return value;
    }

    private int currentCount() {
        if (!running) {
            return reload;
        }
        long ticks = (now - loadTime) / divider;
        long r = reload == 0 ? 65536 : reload;
        return (int) (r - ticks % r) & 0xFFFF;
    }

    @Override
    public void out(int port, int size, int value) {
        value &= 0xFF;
        if (port == 0x43) {
            int channel = value >>> 6;
            if (channel == 3) {
                readBack(value);
                return;
            }
            if (channel != 0) {
                return; // channels 1 and 2 are not wired to anything here
            }
            int rw = (value >>> 4) & 3;
            if (rw == 0) {
                latched = currentCount();
                readHigh = false;
                return;
            }
            access = rw;
            mode = (value >>> 1) & 7;
            bcd = (value & 1) != 0;
            nullCount = true;
            statusLatched = -1;
            lowWritten = false;
            readHigh = false;
            running = false;
            nextFire = Long.MAX_VALUE;
        } else if (port == 0x40) {
            switch (access) {
                case 1 -> start(value);
                case 2 -> start(value << 8);
                default -> {
                    if (!lowWritten) {
                        partial = value;
                        lowWritten = true;
                    } else {
                        lowWritten = false;
                        start(partial | value << 8);
                    }
                }
            }
        }
    }

    /**
     * The read-back command (8254 datasheet, "Read-Back Command"): bits 7-6 = 11, bit 5 = 0 latches
     * the count, bit 4 = 0 latches the status, bit 1 selects counter 0. Status byte: bit 7 OUT,
     * bit 6 null count, bits 5-4 the read/write mode, bits 3-1 the mode, bit 0 BCD. When both are
     * latched the status is read first.
     */
    private void readBack(int value) {
        if ((value & 2) == 0) {
            return;
        }
        if ((value & 0x20) == 0 && latched < 0) {
            latched = currentCount();
            readHigh = false;
        }
        if ((value & 0x10) == 0 && statusLatched < 0) {
            statusLatched = (output() ? 0x80 : 0) | (nullCount ? 0x40 : 0) | access << 4 | mode << 1 | (bcd ? 1 : 0);
        }
    }

    /** The OUT pin: modes 2 and 3 are high except for the last part of each period; mode 0 low until terminal count. */
    private boolean output() {
        if (!running) {
            return mode != 0;
        }
        int count = currentCount();
        int r = reload == 0 ? 65536 : reload;
        return (mode & 3) == 3 ? count > r / 2 : count != 1;
    }

    private void start(int count) {
        nullCount = false;
        reload = count & 0xFFFF;
        running = mode == 2 || mode == 3 || mode == 6 || mode == 7;
        loadTime = now;
        nextFire = running ? now + period() : Long.MAX_VALUE;
    }

    void restore(Pit p) {
        mode = p.mode;
        access = p.access;
        reload = p.reload;
        lowWritten = p.lowWritten;
        partial = p.partial;
        running = p.running;
        loadTime = p.loadTime;
        nextFire = p.nextFire;
        latched = p.latched;
        readHigh = p.readHigh;
        now = p.now;
    }

    Pit copy() {
        Pit p = new Pit(divider);
        p.mode = mode;
        p.access = access;
        p.reload = reload;
        p.lowWritten = lowWritten;
        p.partial = partial;
        p.running = running;
        p.loadTime = loadTime;
        p.nextFire = nextFire;
        p.latched = latched;
        p.statusLatched = statusLatched;
        p.bcd = bcd;
        p.nullCount = nullCount;
        p.readHigh = readHigh;
        p.now = now;
        return p;
    }
}
