package dev.ringscope.machine;

/**
 * Boots a flat image the way a Multiboot loader (QEMU's {@code -kernel}) does (Multiboot
 * specification 0.6.96, §3.1): find the header in the first 8 KiB; with flag 16 (the a.out kludge)
 * load the file where the header says and clear its BSS, else load it at 1 MiB; enter in 32-bit
 * protected mode at CPL 0 with flat segments, paging off, IF = 0 and EAX = 0x2BADB002.
 */
final class MultibootLoader {

    static final int MAGIC = 0x1BADB002;
    static final int BOOT_MAGIC = 0x2BADB002;
    static final int DEFAULT_LOAD = 0x100000;
    /** Where the loader's own GDT and the Multiboot information structure go (low memory, below 1 MiB). */
    static final int LOADER_GDT = 0x500;
    static final int BOOT_INFO = 0x9000;

    private MultibootLoader() {
    }

    static void load(Machine m, byte[] image) throws BootException {
        if (image.length == 0) {
            throw new BootException("the image is empty");
        }
        int header = findHeader(image);
        int loadAddress = DEFAULT_LOAD;
        int entry = DEFAULT_LOAD;
        int fileOffset = 0;
        int loadLength = image.length;
        int bssEnd = 0;
        if (header >= 0) {
            int flags = le32(image, header + 4);
            if ((flags & (1 << 16)) != 0) {
                if (header + 32 > image.length) {
                    throw new BootException("the Multiboot header is cut off: the a.out fields need 32 bytes");
                }
                int headerAddr = le32(image, header + 12);
                loadAddress = le32(image, header + 16);
                int loadEnd = le32(image, header + 20);
                bssEnd = le32(image, header + 24);
                entry = le32(image, header + 28);
                fileOffset = header - (headerAddr - loadAddress);
                if (fileOffset < 0 || fileOffset > image.length) {
                    throw new BootException(String.format("Multiboot header_addr 0x%08X and load_addr 0x%08X put the"
                            + " start of the image outside the file", headerAddr, loadAddress));
                }
                loadLength = loadEnd == 0 ? image.length - fileOffset : loadEnd - loadAddress;
                if (loadLength < 0 || fileOffset + loadLength > image.length) {
                    throw new BootException(String.format("Multiboot load_end_addr 0x%08X lies beyond the end of"
                            + " the %d-byte image", loadEnd, image.length));
                }
            }
        }
        PhysicalMemory memory = m.memory;
        long end = (loadAddress & 0xFFFF_FFFFL) + loadLength;
        long bssTop = bssEnd == 0 ? end : bssEnd & 0xFFFF_FFFFL;
        if (Math.max(end, bssTop) > memory.size()) {
            throw new BootException(String.format("the image needs memory up to 0x%X but the machine has %d MiB",
                    Math.max(end, bssTop), memory.size() >> 20));
        }
        memory.load(loadAddress, image, fileOffset, loadLength);
        if (bssTop > end) {
            memory.fill((int) end, (int) (bssTop - end), (byte) 0);
        }
        setUpCpu(m, entry);
    }

    /** The header: a 4-byte-aligned magic in the first 8192 bytes whose checksum adds up to 0. */
    static int findHeader(byte[] image) {
        for (int i = 0; i + 12 <= Math.min(image.length, 8192); i += 4) {
            if (le32(image, i) == MAGIC && MAGIC + le32(image, i + 4) + le32(image, i + 8) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static void setUpCpu(Machine m, int entry) {
        Cpu cpu = m.cpu;
        PhysicalMemory memory = m.memory;
        // a GDT of our own, as QEMU's loader leaves one: code 0x10, data 0x18, flat 4 GiB
        memory.write32(LOADER_GDT, 0);
        memory.write32(LOADER_GDT + 4, 0);
        memory.write32(LOADER_GDT + 8, 0);
        memory.write32(LOADER_GDT + 12, 0);
        memory.write32(LOADER_GDT + 16, 0x0000_FFFF);
        memory.write32(LOADER_GDT + 20, 0x00CF_9B00);
        memory.write32(LOADER_GDT + 24, 0x0000_FFFF);
        memory.write32(LOADER_GDT + 28, 0x00CF_9300);
        cpu.gdtrBase = LOADER_GDT;
        cpu.gdtrLimit = 31;
        cpu.idtrBase = 0;
        cpu.idtrLimit = 0x3FF;
        cpu.loadSegment(Cpu.CS, 0x10, 0, -1, 0xC09B);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.loadSegment(s, 0x18, 0, -1, 0xC093);
        }
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_ET;
        cpu.setEflags(2);
        // a minimal Multiboot information structure: flags bit 0, mem_lower/mem_upper in KiB
        memory.write32(BOOT_INFO, 1);
        memory.write32(BOOT_INFO + 4, 640);
        memory.write32(BOOT_INFO + 8, (memory.size() >> 10) - 1024);
        cpu.reg[0] = BOOT_MAGIC;
        cpu.reg[3] = BOOT_INFO;
        cpu.eip = entry;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
