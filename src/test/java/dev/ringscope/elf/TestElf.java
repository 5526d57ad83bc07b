package dev.ringscope.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Small ELF32 executables written byte by byte (System V ABI layouts), for the loader's tests: a
 * header, program headers and the segments' bytes, and whatever is wrong with them on purpose.
 */
public final class TestElf {

    /** exit(7): mov eax, 0 (SYS_EXIT); mov ebx, 7; int 0x80 */
    public static final byte[] EXIT_7 = {(byte) 0xB8, 0, 0, 0, 0, (byte) 0xBB, 7, 0, 0, 0, (byte) 0xCD, (byte) 0x80};

    /** A program header: type, p_vaddr, p_memsz, p_flags, and the p_filesz bytes. */
    public record Phdr(int type, long vaddr, long memsz, int flags, byte[] data) {
        public static Phdr load(long vaddr, long memsz, int flags, byte[] data) {
            return new Phdr(ElfFile.PT_LOAD, vaddr, memsz, flags, data);
        }
    }

    int elfClass = 1;
    int type = 2;
    int machine = 3;
    long entry = 0x08048000;
    final List<Phdr> phdrs = new ArrayList<>();

    public static TestElf exit7() {
        TestElf e = new TestElf();
        e.phdrs.add(Phdr.load(0x08048000, EXIT_7.length, 5, EXIT_7));
        return e;
    }

    public TestElf elfClass(int c) {
        elfClass = c;
        return this;
    }

    public TestElf type(int t) {
        type = t;
        return this;
    }

    public TestElf machine(int m) {
        machine = m;
        return this;
    }

    public TestElf entry(long e) {
        entry = e;
        return this;
    }

    public TestElf add(Phdr p) {
        phdrs.add(p);
        return this;
    }

    public TestElf clearSegments() {
        phdrs.clear();
        return this;
    }

    public byte[] bytes() {
        int headers = ElfFile.EHDR_SIZE + phdrs.size() * ElfFile.PHDR_SIZE;
        int size = headers + phdrs.stream().mapToInt(p -> p.data().length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0});
        b.position(16);
        b.putShort((short) type).putShort((short) machine).putInt(1).putInt((int) entry);
        b.putInt(ElfFile.EHDR_SIZE).putInt(0).putInt(0); // e_phoff, e_shoff (no sections), e_flags
        b.putShort((short) ElfFile.EHDR_SIZE).putShort((short) ElfFile.PHDR_SIZE).putShort((short) phdrs.size());
        b.putShort((short) ElfFile.SHDR_SIZE).putShort((short) 0).putShort((short) 0);
        int offset = headers;
        for (Phdr p : phdrs) {
            b.putInt(p.type()).putInt(offset).putInt((int) p.vaddr()).putInt((int) p.vaddr())
                    .putInt(p.data().length).putInt((int) p.memsz()).putInt(p.flags()).putInt(0x1000);
            offset += p.data().length;
        }
        phdrs.forEach(p -> b.put(p.data()));
        return b.array();
    }
}
