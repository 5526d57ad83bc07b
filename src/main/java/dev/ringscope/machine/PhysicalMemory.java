package dev.ringscope.machine;

import java.util.Arrays;

/**
 * The machine's RAM. Addresses past the end read as 0xFF (nothing answers on the bus) and writes
 * there are dropped. Pages that hold decoded instructions are marked so that a write to them
 * tells the code cache (self-modifying code, a loader copying a program).
 *
 * <p>A machine of its own has RAM of its own ({@code base} 0). A guest beside others under one VMM
 * sees a window onto the host's RAM ({@link HostMemory}): its physical address {@code a} is host
 * byte {@code base + a}, and only for {@code a < size}. That bounds check is all that keeps one guest
 * out of another's frames, so the isolation tests aim at it (MultiGuestIsolationTest).
 */
public final class PhysicalMemory {

    public static final int PAGE_SHIFT = 12;
    private static final java.lang.invoke.VarHandle INTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final byte[] ram;
    /** Where this memory starts in {@link #ram} (0 unless it is a guest's window onto host RAM). */
    private final int base;
    /** Bytes this memory has; addresses at or past it read 0xFF and ignore writes. */
    private final int size;
    /** For each page holding decoded code: which of its bytes belong to decoded instructions. */
    private final long[][] codeBytes;
    private CodeWriteListener listener;
    /** Pages written since the last snapshot. */
    private final boolean[] dirty;
    private Image lastImage;
    /** Pages a VMM watches (shadowed page tables): every write to them is reported. */
    private boolean[] watched;
    private WatchListener watchListener;

    /** Told about writes to watched pages. */
    public interface WatchListener {
        void watchedWrite(int address, int size);
    }

    /** Told when bytes of a page holding decoded code are written. */
    public interface CodeWriteListener {
        void codeWritten(int address, int length);
    }

    /**
     * Registers that live at a physical address outside RAM (the local APIC's page): 32-bit reads
     * and writes there go to it instead of reading all ones and vanishing.
     */
    public interface DeviceWindow {
        boolean claims(int address);

        int read32(int address);

        void write32(int address, int value);
    }

    private DeviceWindow window;

    void setDeviceWindow(DeviceWindow window) {
        this.window = window;
    }

    public PhysicalMemory(int size) {
        if (size <= 0 || size % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("memory size must be a positive multiple of 4 KiB: " + size);
        }
        this.ram = new byte[size];
        this.base = 0;
        this.size = size;
        this.codeBytes = new long[size >>> PAGE_SHIFT][];
        this.dirty = new boolean[size >>> PAGE_SHIFT];
    }

    /** {@code size} bytes of {@code hostRam} from {@code base}: a guest's memory on host frames. */
    PhysicalMemory(byte[] hostRam, int base, int size) {
        if (size <= 0 || size % PAGE_SIZE != 0 || base < 0 || base % PAGE_SIZE != 0
                || (long) base + size > hostRam.length) {
            throw new IllegalArgumentException(String.format(
                    "a window of 0x%X bytes at host 0x%08X does not fit in 0x%X bytes of host RAM in whole pages",
                    size, base, hostRam.length));
        }
        this.ram = hostRam;
        this.base = base;
        this.size = size;
        this.codeBytes = new long[size >>> PAGE_SHIFT][];
        this.dirty = new boolean[size >>> PAGE_SHIFT];
    }

    public int size() {
        return size;
    }

    /** A copy of every byte, from physical address 0 to {@link #size()}. */
    public byte[] contents() {
        return Arrays.copyOfRange(ram, base, base + size);
    }

    /** Where physical address 0 lies in host RAM (0 for a machine of its own). */
    public int hostBase() {
        return base;
    }

    void setCodeWriteListener(CodeWriteListener listener) {
        this.listener = listener;
    }

    /** Registers the bitmap of decoded bytes of a page; writes over those bytes are reported. */
    void markCode(int page, long[] decodedBytes) {
        if (page >= 0 && page < codeBytes.length) {
            codeBytes[page] = decodedBytes;
        }
    }

    void setWatchListener(WatchListener l) {
        this.watchListener = l;
    }

    void watch(int page, boolean on) {
        if (page < 0 || page >= dirty.length) {
            return;
        }
        if (watched == null) {
            if (!on) {
                return;
            }
            watched = new boolean[dirty.length];
        }
        watched[page] = on;
    }

    /** The page walker setting Accessed/Dirty bits: the hardware's own write, not the guest's. */
    void writeUnwatched(int address, int value) {
        boolean[] w = watched;
        watched = null;
        try {
            write32(address, value);
        } finally {
            watched = w;
        }
    }

    void unwatchAll() {
        watched = null;
    }

    private void watchedWrite(int address, int size) {
        if (watched != null && (watched[address >>> PAGE_SHIFT] || watched[((address + size - 1) >>> PAGE_SHIFT) % watched.length])
                && watchListener != null) {
            watchListener.watchedWrite(address, size);
        }
    }

    void clearCodeMarks() {
        Arrays.fill(codeBytes, null);
    }

    /** Whether a write of {@code length} (1–4) bytes touches decoded code. */
    private boolean hitsCode(int address, int length) {
        long[] bits = codeBytes[address >>> PAGE_SHIFT];
        int offset = address & (PAGE_SIZE - 1);
        if (bits != null && offset <= PAGE_SIZE - length && (offset & 63) <= 64 - length) {
            return (bits[offset >>> 6] & (((1L << length) - 1) << (offset & 63))) != 0;
        }
        return bits != null || codeBytes[((address + length - 1) >>> PAGE_SHIFT) % codeBytes.length] != null;
    }

    public int read8(int address) {
        return Integer.compareUnsigned(address, size) < 0 ? ram[base + address] & 0xFF : 0xFF;
    }

    public int read16(int address) {
        if (Integer.compareUnsigned(address, size - 1) < 0) {
            return (short) SHORTS.get(ram, base + address) & 0xFFFF;
        }
        return read8(address) | read8(address + 1) << 8;
    }

    public int read32(int address) {
        if (Integer.compareUnsigned(address, size - 3) < 0) {
            return (int) INTS.get(ram, base + address);
        }
        if (window != null && window.claims(address)) {
            return window.read32(address);
        }
        return read16(address) | read16(address + 2) << 16;
    }

    public void write8(int address, int value) {
        if (Integer.compareUnsigned(address, size) < 0) {
            ram[base + address] = (byte) value;
            dirty[address >>> PAGE_SHIFT] = true;
            if (watched != null) {
                watchedWrite(address, 1);
            }
            if (codeBytes[address >>> PAGE_SHIFT] != null && hitsCode(address, 1)) {
                codeWritten(address, 1);
            }
        }
    }

    public void write16(int address, int value) {
        write8(address, value);
        write8(address + 1, value >>> 8);
    }

    public void write32(int address, int value) {
        if (Integer.compareUnsigned(address, size - 3) < 0) {
            INTS.set(ram, base + address, value);
            dirty[address >>> PAGE_SHIFT] = true;
            dirty[(address + 3) >>> PAGE_SHIFT] = true;
            if (watched != null) {
                watchedWrite(address, 4);
            }
            if ((codeBytes[address >>> PAGE_SHIFT] != null || codeBytes[(address + 3) >>> PAGE_SHIFT] != null)
                    && hitsCode(address, 4)) {
                codeWritten(address, 4);
            }
        } else if (window != null && window.claims(address)) {
            window.write32(address, value);
        } else {
            write16(address, value);
            write16(address + 2, value >>> 16);
        }
    }

    private void codeWritten(int address, int length) {
        if (listener != null) {
            listener.codeWritten(address, length);
        }
    }

    void unmarkCode(int page) {
        codeBytes[page] = null;
    }

    /** Copies bytes in at a physical address (the loader); counts as writes for the code cache. */
    public void load(int address, byte[] bytes, int offset, int length) {
        if (address < 0 || (long) address + length > size) {
            throw new IllegalArgumentException(String.format(
                    "0x%X bytes at 0x%08X do not fit in %d MiB of memory", length, address, size >> 20));
        }
        System.arraycopy(bytes, offset, ram, base + address, length);
        markDirty(address, length);
        if (length > 0) {
            codeWritten(address, length);
        }
    }

    public void fill(int address, int length, byte value) {
        if (address < 0 || (long) address + length > size) {
            throw new IllegalArgumentException(String.format(
                    "0x%X bytes at 0x%08X do not fit in %d MiB of memory", length, address, size >> 20));
        }
        Arrays.fill(ram, base + address, base + address + length, value);
        markDirty(address, length);
    }

    private void markDirty(int address, int length) {
        for (int p = address >>> PAGE_SHIFT; length > 0 && p <= (address + length - 1) >>> PAGE_SHIFT; p++) {
            dirty[p] = true;
        }
    }

    /**
     * The contents of RAM at one moment. Snapshots share the pages that did not change between
     * them (and all zero pages), so a checkpoint every few thousand instructions costs only the
     * pages the guest wrote.
     */
    public static final class Image {
        private final byte[][] pages;

        private Image(byte[][] pages) {
            this.pages = pages;
        }

        /** Bytes held by this image that no earlier one shares with it (an upper bound). */
        public long distinctBytes() {
            long n = 0;
            for (byte[] p : pages) {
                if (p != ZERO_PAGE) {
                    n += PAGE_SIZE;
                }
            }
            return n;
        }
    }

    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    public Image snapshot() {
        byte[][] pages = new byte[codeBytes.length][];
        for (int p = 0; p < pages.length; p++) {
            if (lastImage != null && !dirty[p]) {
                pages[p] = lastImage.pages[p];
            } else {
                pages[p] = copyPage(p);
            }
        }
        Arrays.fill(dirty, false);
        lastImage = new Image(pages);
        return lastImage;
    }

    private byte[] copyPage(int p) {
        int from = base + (p << PAGE_SHIFT);
        for (int i = from; i < from + PAGE_SIZE; i++) {
            if (ram[i] != 0) {
                return Arrays.copyOfRange(ram, from, from + PAGE_SIZE);
            }
        }
        return ZERO_PAGE;
    }

    public void restore(Image image) {
        for (int p = 0; p < image.pages.length; p++) {
            System.arraycopy(image.pages[p], 0, ram, base + (p << PAGE_SHIFT), PAGE_SIZE);
        }
        Arrays.fill(dirty, false);
        lastImage = image;
        clearCodeMarks();
    }
}
