package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderTest {

    private static Decoded decode(String hex) {
        return Decoder.decode(HexFormat.of().parseHex(hex), 0, 0x100000);
    }

    @Test
    void undefinedBytesAreInvalidOpcodes() {
        for (String hex : List.of("0FFF", "D6", "8EF8", "0F22C8", "0F01C8")) {
            Decoded d = decode(hex);
            assertFalse(d.isValid(), hex);
            assertTrue(d.error().startsWith("invalid opcode"), d.error());
        }
    }

    @Test
    void truncatedInstructionsSaySo() {
        Decoded d = decode("B801");
        assertFalse(d.isValid());
        assertEquals("truncated instruction at the end of the code", d.error());
    }

    @Test
    void tooManyPrefixesAreRejected() {
        assertFalse(decode("666666666666666666666666666666666690").isValid());
    }

    @Test
    void disassemblyIsNasmSyntax() {
        byte[] code = HexFormat.of().parseHex("83C003" + "0505000000" + "EBFE" + "E900000000" + "CD80"
                + "0F22D8" + "8B44980C" + "F3A5" + "660F00C8" + "FF18" + "D6");
        List<String> text = Disassembler.disassemble(code, 0x1000).stream().map(Disassembler.Line::text).toList();
        assertEquals(List.of(
                "add eax, 0x3",
                "add eax, strict dword 0x5",
                "jmp short 0x1008",
                "jmp near 0x100F",
                "int 0x80",
                "mov cr3, eax",
                "mov eax, [eax+ebx*4+0xC]",
                "rep movsd",
                "str ax",
                "call far [eax]",
                "db 0xD6  ; invalid opcode D6"), text);
    }

    @Test
    void everyFormHasAPrivilegeClass() {
        for (Form f : FormTable.all()) {
            assertTrue(f.privilege() != null && !f.privilege().source().isBlank(), f.notation());
        }
        assertEquals(PrivilegeClass.Kind.PRIVILEGED, FormTable.forms(Mnemonic.HLT).get(0).privilege().kind());
        assertEquals(PrivilegeClass.Kind.IOPL_SENSITIVE, FormTable.forms(Mnemonic.CLI).get(0).privilege().kind());
        assertEquals(PrivilegeClass.Kind.SENSITIVE_UNPRIVILEGED,
                FormTable.forms(Mnemonic.POPFD).get(0).privilege().kind());
        assertEquals(PrivilegeClass.Kind.INNOCUOUS, FormTable.forms(Mnemonic.ADD).get(0).privilege().kind());
        Form movCr = FormTable.forms(Mnemonic.MOV).stream().filter(f -> f.row().equals("mov cr")).findFirst().orElseThrow();
        assertTrue(movCr.privilege().privileged());
        Form pushEs = FormTable.forms(Mnemonic.PUSH).stream().filter(f -> f.row().equals("push sreg")).findFirst()
                .orElseThrow();
        assertTrue(pushEs.privilege().isVirtualizationHole());
    }
}
