package dev.ringscope.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringscope.asm.Assembler;
import dev.ringscope.isa.Decoder;
import dev.ringscope.trace.ArchRegister;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegisterReadsTest {

    private static Set<ArchRegister> reads(String source) throws Exception {
        byte[] bytes = new Assembler().assemble("test.asm", "bits 32\n" + source + "\n").bytes();
        return RegisterReads.of(Decoder.decode(bytes, 0, 0).instruction());
    }

    @Test
    void sourcesAddressesAndImplicitRegisters() throws Exception {
        assertEquals(EnumSet.of(ArchRegister.EBX), reads("mov eax, ebx"));
        assertEquals(EnumSet.of(ArchRegister.EAX, ArchRegister.EBX, ArchRegister.ESI), reads("add eax, [ebx+esi*4]"));
        assertEquals(EnumSet.of(ArchRegister.ECX, ArchRegister.ESP), reads("push ecx"));
        assertEquals(EnumSet.of(ArchRegister.ESP), reads("pop edx"));
        assertEquals(EnumSet.of(ArchRegister.ESI, ArchRegister.EDI, ArchRegister.ECX), reads("rep movsd"));
        assertEquals(EnumSet.of(ArchRegister.EDX, ArchRegister.EAX), reads("out dx, al"));
        assertEquals(EnumSet.of(ArchRegister.EDX), reads("in al, dx"));
        assertEquals(EnumSet.of(ArchRegister.EAX), reads("mov [0x1000], ah"));
        assertEquals(EnumSet.of(ArchRegister.EAX, ArchRegister.EDX, ArchRegister.ECX), reads("div ecx"));
        assertEquals(EnumSet.of(ArchRegister.EAX), reads("mov cr3, eax"));
        assertEquals(EnumSet.of(ArchRegister.CR3), reads("mov eax, cr3"));
        assertEquals(EnumSet.of(ArchRegister.EFLAGS), reads("jne $"));
    }
}
