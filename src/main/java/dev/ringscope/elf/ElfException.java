package dev.ringscope.elf;

import java.io.IOException;

/**
 * An ELF file RingScope cannot run, with one message that names the file, what is wrong and where
 * (the header field or the program header): {@code prog.elf: segment 2 (PT_LOAD, p_vaddr
 * 0x00001000) lies outside the user region 0x08000000-0x083FFFFF}. An {@link IOException}, so every
 * path that reads a program passes it on as it passes an unreadable file.
 */
public final class ElfException extends IOException {

    public ElfException(String file, String what) {
        super(file + ": " + what);
    }
}
