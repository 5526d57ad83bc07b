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

    /**
     * What GNU as 2.40 pads with (.p2align in 32-bit code; -mtune=i686 and generic32, then core2) and
     * gcc's "rep ret": each decodes, and is an instruction that changes nothing.
     */
    @Test
    void theAssemblersPaddingDecodesToInstructionsThatDoNothing() {
        List<List<String>> idioms = List.of(
                List.of("8DB42600000000", "lea esi, [esi]"), // objdump: lea 0x0(%esi,%eiz,1),%esi
                List.of("8DB600000000", "lea esi, [esi]"),
                List.of("8D742600", "lea esi, [esi]"),
                List.of("8D7600", "lea esi, [esi]"),
                List.of("6690", "xchg ax, ax"),
                List.of("66662E0F1F840000000000", "nop word [cs:eax+eax]"),
                List.of("662E0F1F840000000000", "nop word [cs:eax+eax]"),
                List.of("0F1F4000", "nop dword [eax]"),
                List.of("0F1F440000", "nop dword [eax+eax]"),
                List.of("0F1F00", "nop dword [eax]"),
                List.of("F3C3", "rep ret"));
        for (List<String> idiom : idioms) {
            Decoded d = decode(idiom.get(0));
            assertTrue(d.isValid(), idiom.get(0) + ": " + d.error());
            assertEquals(idiom.get(0).length() / 2, d.length(), idiom.get(0));
            assertEquals(idiom.get(1), Syntax.format(d.instruction()), idiom.get(0));
        }
    }

    @Test
    void x87EscapesDecodeToTheirLengthAndSayThereIsNoFpu() {
        // fld1; fadd dword [0x150000]; fstp qword [esp+8] (SIB and disp8); fninit
        for (String hex : List.of("D9E8", "D80500001500", "DD5C2408", "DBE3")) {
            Decoded d = decode(hex);
            assertFalse(d.isValid(), hex);
            assertTrue(d.isX87(), hex);
            assertEquals(hex.length() / 2, d.length(), hex);
            assertTrue(d.error().contains("no FPU is modelled"), d.error());
        }
        // the listing stays in step: one line per x87 instruction, then the next instruction
        List<Disassembler.Line> lines = Disassembler.disassemble(HexFormat.of().parseHex("DD5C240890"), 0x100000);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("nop", lines.get(1).text());
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
    void fifteenBytesRunAndASixteenthIsAGeneralProtectionFault() {
        // SDM Vol. 2A §2.3.11: 14 prefixes and a one-byte opcode are 15 bytes, a legal instruction
        Decoded fifteen = decode("3E".repeat(14) + "90");
        assertTrue(fifteen.isValid(), fifteen.error());
        assertEquals(15, fifteen.length());
        for (String hex : List.of("3E".repeat(15) + "90", "3E".repeat(14) + "0F0B", "3E".repeat(10) + "8B05" + "00001500",
                "F0".repeat(15) + "0105" + "00001500", "66".repeat(16))) {
            Decoded d = decode(hex);
            assertFalse(d.isValid(), hex);
            assertEquals(Decoded.GP, d.faultVector(), hex);
            assertTrue(d.error().contains("longer than 15 bytes"), d.error());
        }
        assertEquals(Decoded.UD, decode("0FFF").faultVector());
    }

    @Test
    void lockIsOnlyForReadModifyWriteFormsWithAMemoryDestination() {
        Decoded nop = decode("F090");
        assertFalse(nop.isValid());
        assertEquals(Decoded.UD, nop.faultVector());
        assertEquals("lock prefix on nop: LOCK is only for read-modify-write instructions with a memory destination",
                nop.error());
        assertEquals("lock prefix on add eax, ebx: LOCK is only for read-modify-write instructions with a memory"
                + " destination", decode("F001D8").error());
        // register destination, memory source, not a read-modify-write instruction, string instructions
        for (String hex : List.of("F0030500001500", "F083C001", "F0FFC0", "F040", "F087D8", "F091", "F0890500001500",
                "F0390500001500", "F08D0500001500", "F0A4", "F0F3A4", "F3F0A4", "F0FA", "F00F20C0")) {
            Decoded d = decode(hex);
            assertFalse(d.isValid(), hex);
            assertTrue(d.error().startsWith("lock prefix on "), hex + ": " + d.error());
        }
        for (String hex : List.of("F0010500001500", "F0830500001500" + "01", "F0FF0500001500", "F0F71D00001500",
                "F0F61500001500", "F0870500001500", "F0861D00001500", "F0668105000015003412", "F0F3010500001500",
                "F3F0010500001500", "F0F0010500001500", "3EF0010500001500")) {
            Decoded d = decode(hex);
            assertTrue(d.isValid(), hex + ": " + d.error());
            assertEquals(Instruction.Prefix.LOCK, d.instruction().prefix(), hex);
            assertEquals(hex.length() / 2, d.length(), hex);
        }
    }

    @Test
    void ofRepeatedPrefixesTheLastOfEachGroupCounts() {
        // as QEMU decodes them (SDM Vol. 2A §2.1.1 calls more than one of a group not useful)
        assertEquals(Instruction.Prefix.REP, decode("F2F3AE").instruction().prefix());
        assertEquals(Instruction.Prefix.REPNE, decode("F3F2AE").instruction().prefix());
        assertEquals(Instruction.Prefix.REP, decode("F3F3A4").instruction().prefix());
        assertEquals("mov ax, 0x1234", decode("6666B83412").instruction().toString());
        assertEquals("mov eax, [fs:0x150000]", decode("3E648B0500001500").instruction().toString());
        assertEquals("mov eax, [ds:0x150000]", decode("64263E8B0500001500").instruction().toString());
        assertEquals("nop", decode("2E90").instruction().toString());
        assertEquals("mov eax, ebx", decode("3E89D8").instruction().toString());
    }

    @Test
    void aListingOfPrefixedInstructionsAssemblesBackToTheSameBytes() {
        String hex = "F0010500001500" + "F3F3A4" + "6666B83412" + "2E90" + "F0F3010500001500" + "3E648B0500001500"
                + "F090" + "F00105000015" + "00";
        byte[] code = HexFormat.of().parseHex(hex);
        List<Disassembler.Line> lines = Disassembler.disassemble(code, 0x1000);
        assertEquals("lock add [0x150000], eax", lines.get(0).text());
        assertEquals("db 0xF3, 0xF3, 0xA4  ; rep movsb (with extra prefixes)", lines.get(1).text());
        assertEquals("rep movsb", lines.get(1).instruction().toString());
        assertEquals("db 0xF0  ; lock prefix on nop: LOCK is only for read-modify-write instructions with a memory"
                + " destination", lines.get(6).text());
        assertEquals("nop", lines.get(7).text());
        StringBuilder source = new StringBuilder("bits 32\norg 0x1000\n");
        lines.forEach(l -> source.append(l.text()).append('\n'));
        try {
            byte[] back = new dev.ringscope.asm.Assembler().assemble("listing.asm", source.toString()).bytes();
            assertEquals(hex, HexFormat.of().withUpperCase().formatHex(back), source.toString());
        } catch (Exception e) {
            throw new AssertionError(source.toString(), e);
        }
    }

    /** SDM Vol. 2A Table 2-1 and the 0x67 prefix: each line is what NASM prints back for the bytes. */
    @Test
    void theAddressSizePrefixDecodesTo16BitAddressingAndBack() {
        String hex = "678B00" + "678B4304" + "678B4600" + "678B0E3412" + "67A13412" + "36678B02" + "678B87FF7F"
                + "67E3FD" + "67E2FD" + "F367A4" + "67D7" + "669C" + "669D" + "66C8040001" + "66C9" + "6790";
        byte[] code = HexFormat.of().parseHex(hex);
        List<String> text = Disassembler.disassemble(code, 0x1000).stream().map(Disassembler.Line::text).toList();
        assertEquals(List.of(
                "mov eax, [bx+si]",
                "mov eax, [bp+di+0x4]",
                "mov eax, [bp]",
                "mov ecx, [word 0x1234]",
                "mov eax, [word 0x1234]",
                "mov eax, [ss:bp+si]",
                "mov eax, [bx+0x7FFF]",
                "jcxz 0x101D",
                "a16 loop 0x1020",
                "rep a16 movsb",
                "a16 xlatb",
                "pushfw",
                "popfw",
                "o16 enter 0x4, 0x1",
                "o16 leave",
                "a16 nop"), text);
        StringBuilder source = new StringBuilder("bits 32\norg 0x1000\n");
        text.forEach(l -> source.append(l).append('\n'));
        try {
            byte[] back = new dev.ringscope.asm.Assembler().assemble("listing.asm", source.toString()).bytes();
            assertEquals(hex, HexFormat.of().withUpperCase().formatHex(back), source.toString());
        } catch (Exception e) {
            throw new AssertionError(source.toString(), e);
        }
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
