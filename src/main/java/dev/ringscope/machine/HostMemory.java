package dev.ringscope.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host's RAM when one VMM runs several guests: machine frames the VMM owns and hands out, each
 * guest a disjoint run of them. A guest's "physical" address space is mapped onto its own frames
 * (Xen's pseudo-physical to machine map, VT-x's EPT, KVM's memory slots: docs/multiple-guests.md);
 * here that map is one run of frames per guest, and {@link PhysicalMemory} is the guest's window onto it.
 */
public final class HostMemory {

    /** A guest's frames: host frames {@code firstFrame} … {@code firstFrame + frames - 1}. */
    public record Allocation(int vm, int firstFrame, int frames) {

        public int firstByte() {
            return firstFrame << PhysicalMemory.PAGE_SHIFT;
        }

        public int bytes() {
            return frames << PhysicalMemory.PAGE_SHIFT;
        }

        public boolean holdsFrame(int frame) {
            return frame >= firstFrame && frame < firstFrame + frames;
        }
    }

    private final byte[] ram;
    private final List<Allocation> allocations = new ArrayList<>();
    private int nextFrame;

    /** {@code bytes} of host RAM, in whole 4 KiB frames. */
    public HostMemory(int bytes) {
        if (bytes <= 0 || bytes % PhysicalMemory.PAGE_SIZE != 0) {
            throw new IllegalArgumentException("host memory must be a positive multiple of 4 KiB: " + bytes);
        }
        this.ram = new byte[bytes];
    }

    public int frames() {
        return ram.length >>> PhysicalMemory.PAGE_SHIFT;
    }

    /**
     * The next {@code bytes} of free frames for guest number {@code vm}, as that guest's physical memory.
     *
     * @throws IllegalArgumentException when the host has too few frames left
     */
    public PhysicalMemory allocate(int vm, int bytes) {
        int frames = bytes >>> PhysicalMemory.PAGE_SHIFT;
        if (bytes <= 0 || bytes % PhysicalMemory.PAGE_SIZE != 0 || frames > frames() - nextFrame) {
            throw new IllegalArgumentException(String.format("VM %d asks for %d KiB; the host has %d KiB free",
                    vm, bytes >> 10, (frames() - nextFrame) << 2));
        }
        Allocation a = new Allocation(vm, nextFrame, frames);
        allocations.add(a);
        nextFrame += frames;
        return new PhysicalMemory(ram, a.firstByte(), bytes);
    }

    /** Every allocation, in the order made (the first guest's frames first). */
    public List<Allocation> allocations() {
        return List.copyOf(allocations);
    }

    /** The guest that owns host frame {@code frame}, or 0 when no guest does. */
    public int owner(int frame) {
        for (Allocation a : allocations) {
            if (a.holdsFrame(frame)) {
                return a.vm();
            }
        }
        return 0;
    }

    /** A copy of the bytes of host frame {@code frame}. */
    public byte[] frame(int frame) {
        int from = frame << PhysicalMemory.PAGE_SHIFT;
        return Arrays.copyOfRange(ram, from, from + PhysicalMemory.PAGE_SIZE);
    }

    /** A copy of the whole of host RAM (to compare with later: {@link #framesChangedSince}). */
    public byte[] copy() {
        return ram.clone();
    }

    /** The host frames whose bytes differ from {@code before}, a {@link #copy()}. */
    public List<Integer> framesChangedSince(byte[] before) {
        List<Integer> changed = new ArrayList<>();
        int page = PhysicalMemory.PAGE_SIZE;
        for (int f = 0; f < frames(); f++) {
            if (!Arrays.equals(ram, f * page, f * page + page, before, f * page, f * page + page)) {
                changed.add(f);
            }
        }
        return changed;
    }

    /** A copy of the bytes of an allocation (what its guest sees as physical memory 0 … size). */
    public byte[] bytesOf(Allocation a) {
        return Arrays.copyOfRange(ram, a.firstByte(), a.firstByte() + a.bytes());
    }
}
