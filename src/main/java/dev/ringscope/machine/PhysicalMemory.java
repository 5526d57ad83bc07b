package dev.ringscope.machine;

import java.util.Arrays;

/**
 * The machine's RAM. Addresses past the end read as 0xFF (nothing answers on the bus) and writes
 * there are dropped. Pages that hold decoded instructions are marked so that a write to them
 * tells the code cache (self-modifying code, a loader copying a program).
 */
public final class PhysicalMemory {

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final byte[] ram;
    private final boolean[] codePages;
    private CodeWriteListener listener;

    /** Told when bytes of a page holding decoded code are written. */
    public interface CodeWriteListener {
        void codeWritten(int address, int length);
    }

    public PhysicalMemory(int size) {
        if (size <= 0 || size % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("memory size must be a positive multiple of 4 KiB: " + size);
        }
        this.ram = new byte[size];
        this.codePages = new boolean[size >>> PAGE_SHIFT];
    }

    public int size() {
        return ram.length;
    }

    void setCodeWriteListener(CodeWriteListener listener) {
        this.listener = listener;
    }

    void markCode(int page) {
        if (page >= 0 && page < codePages.length) {
            codePages[page] = true;
        }
    }

    void clearCodeMarks() {
        Arrays.fill(codePages, false);
    }

    public int read8(int address) {
        return Integer.compareUnsigned(address, ram.length) < 0 ? ram[address] & 0xFF : 0xFF;
    }

    public int read16(int address) {
        if (Integer.compareUnsigned(address, ram.length - 1) < 0) {
            return (ram[address] & 0xFF) | (ram[address + 1] & 0xFF) << 8;
        }
        return read8(address) | read8(address + 1) << 8;
    }

    public int read32(int address) {
        if (Integer.compareUnsigned(address, ram.length - 3) < 0) {
            return (ram[address] & 0xFF) | (ram[address + 1] & 0xFF) << 8 | (ram[address + 2] & 0xFF) << 16
                    | (ram[address + 3] & 0xFF) << 24;
        }
        return read16(address) | read16(address + 2) << 16;
    }

    public void write8(int address, int value) {
        if (Integer.compareUnsigned(address, ram.length) < 0) {
            ram[address] = (byte) value;
            if (codePages[address >>> PAGE_SHIFT]) {
                codeWritten(address, 1);
            }
        }
    }

    public void write16(int address, int value) {
        write8(address, value);
        write8(address + 1, value >>> 8);
    }

    public void write32(int address, int value) {
        if (Integer.compareUnsigned(address, ram.length - 3) < 0) {
            ram[address] = (byte) value;
            ram[address + 1] = (byte) (value >>> 8);
            ram[address + 2] = (byte) (value >>> 16);
            ram[address + 3] = (byte) (value >>> 24);
            if (codePages[address >>> PAGE_SHIFT] || codePages[(address + 3) >>> PAGE_SHIFT]) {
                codeWritten(address, 4);
            }
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
        codePages[page] = false;
    }

    /** Copies bytes in at a physical address (the loader); counts as writes for the code cache. */
    public void load(int address, byte[] bytes, int offset, int length) {
        if (address < 0 || (long) address + length > ram.length) {
            throw new IllegalArgumentException(String.format(
                    "0x%X bytes at 0x%08X do not fit in %d MiB of memory", length, address, ram.length >> 20));
        }
        System.arraycopy(bytes, offset, ram, address, length);
        if (length > 0) {
            codeWritten(address, length);
        }
    }

    public void fill(int address, int length, byte value) {
        if (address < 0 || (long) address + length > ram.length) {
            throw new IllegalArgumentException(String.format(
                    "0x%X bytes at 0x%08X do not fit in %d MiB of memory", length, address, ram.length >> 20));
        }
        Arrays.fill(ram, address, address + length, value);
    }

    /** A copy of the whole RAM (checkpoints). */
    public byte[] snapshot() {
        return ram.clone();
    }

    public void restore(byte[] image) {
        System.arraycopy(image, 0, ram, 0, ram.length);
        clearCodeMarks();
    }
}
