package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ringscope.isa.Operand.Imm;
import dev.ringscope.isa.Operand.Mem;
import dev.ringscope.isa.Operand.Reg;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Encodings whose expected bytes were produced by NASM 2.16.01 ({@code nasm -f bin -l}). */
class EncoderTest {

    private static Reg r(Register reg) {
        return new Reg(reg);
    }

    private static byte[] enc(Instruction insn) throws EncodingException {
        return Encoder.encode(insn, 0).bytes();
    }

    private static void assertBytes(String hex, Instruction insn) throws EncodingException {
        assertEquals(hex, HexFormat.of().withUpperCase().formatHex(enc(insn)), insn.toString());
    }

    @Test
    void arithmeticPrefersSignExtendedByteThenAccumulator() throws EncodingException {
        assertBytes("83C003", new Instruction(Mnemonic.ADD, r(Register.EAX), new Imm(3)));
        assertBytes("0505000000", new Instruction(Mnemonic.ADD, r(Register.EAX), new Imm(5, 4, true)));
        assertBytes("2D80000000", new Instruction(Mnemonic.SUB, r(Register.EAX), new Imm(128)));
        assertBytes("83E880", new Instruction(Mnemonic.SUB, r(Register.EAX), new Imm(-128)));
        assertBytes("3CFF", new Instruction(Mnemonic.CMP, r(Register.AL), new Imm(-1)));
        assertBytes("6683E0F0", new Instruction(Mnemonic.AND, r(Register.AX), new Imm(0xFFF0)));
        assertBytes("81D300100000", new Instruction(Mnemonic.ADC, r(Register.EBX), new Imm(0x1000)));
        assertBytes("01D8", new Instruction(Mnemonic.ADD, r(Register.EAX), r(Register.EBX)));
        assertBytes("0200", new Instruction(Mnemonic.ADD, r(Register.AL), Mem.based(0, Register.EAX, 0)));
    }

    @Test
    void movesPickMoffsAndRegisterForms() throws EncodingException {
        assertBytes("A134120000", new Instruction(Mnemonic.MOV, r(Register.EAX), Mem.absolute(0, 0x1234)));
        assertBytes("A234120000", new Instruction(Mnemonic.MOV, Mem.absolute(0, 0x1234), r(Register.AL)));
        assertBytes("89D8", new Instruction(Mnemonic.MOV, r(Register.EAX), r(Register.EBX)));
        assertBytes("B8FFFFFFFF", new Instruction(Mnemonic.MOV, r(Register.EAX), new Imm(-1)));
        assertBytes("C600FF", new Instruction(Mnemonic.MOV, Mem.based(1, Register.EAX, 0), new Imm(-1)));
        assertBytes("66C7002C01", new Instruction(Mnemonic.MOV, Mem.based(2, Register.EAX, 0), new Imm(300)));
        assertBytes("668CD8", new Instruction(Mnemonic.MOV, r(Register.AX), r(Register.DS)));
        assertBytes("8CD8", new Instruction(Mnemonic.MOV, r(Register.EAX), r(Register.DS)));
        assertBytes("8ED8", new Instruction(Mnemonic.MOV, r(Register.DS), r(Register.AX)));
        assertBytes("8ED8", new Instruction(Mnemonic.MOV, r(Register.DS), r(Register.EAX)));
        assertBytes("8C00", new Instruction(Mnemonic.MOV, Mem.based(0, Register.EAX, 0), r(Register.ES)));
        assertBytes("0F20C0", new Instruction(Mnemonic.MOV, r(Register.EAX), r(Register.CR0)));
        assertBytes("0F22DB", new Instruction(Mnemonic.MOV, r(Register.CR3), r(Register.EBX)));
    }

    @Test
    void effectiveAddressesFollowNasm() throws EncodingException {
        Register eax = Register.EAX;
        assertBytes("8B0400", new Instruction(Mnemonic.MOV, r(eax), new Mem(0, null, null, eax, 2, 0, false)));
        assertBytes("8B00", new Instruction(Mnemonic.MOV, r(eax), new Mem(0, null, null, eax, 1, 0, false)));
        assertBytes("8B4500", new Instruction(Mnemonic.MOV, r(eax), Mem.based(0, Register.EBP, 0)));
        assertBytes("8B0404", new Instruction(Mnemonic.MOV, r(eax), new Mem(0, null, eax, Register.ESP, 1, 0, false)));
        assertBytes("8B04DD00000000", new Instruction(Mnemonic.MOV, r(eax),
                new Mem(0, null, null, Register.EBX, 8, 0, false)));
        assertBytes("8B443500", new Instruction(Mnemonic.MOV, r(eax),
                new Mem(0, null, Register.EBP, Register.ESI, 1, 0, false)));
        assertBytes("8B8080000000", new Instruction(Mnemonic.MOV, r(eax), Mem.based(0, eax, 0x80)));
        assertBytes("8B4080", new Instruction(Mnemonic.MOV, r(eax), Mem.based(0, eax, -0x80)));
        assertBytes("648B00", new Instruction(Mnemonic.MOV, r(eax), new Mem(0, Register.FS, eax, null, 1, 0, false)));
        assertBytes("2666A110000000", new Instruction(Mnemonic.MOV, r(Register.AX),
                new Mem(0, Register.ES, null, null, 1, 0x10, false)));
        assertBytes("8D449808", new Instruction(Mnemonic.LEA, r(eax), new Mem(0, null, eax, Register.EBX, 4, 8, false)));
    }

    @Test
    void systemAndVmxInstructions() throws EncodingException {
        Mem atEax = Mem.based(0, Register.EAX, 0);
        assertBytes("0F0110", new Instruction(Mnemonic.LGDT, atEax));
        assertBytes("F30FC730", new Instruction(Mnemonic.VMXON, atEax));
        assertBytes("0FC730", new Instruction(Mnemonic.VMPTRLD, atEax));
        assertBytes("660FC730", new Instruction(Mnemonic.VMCLEAR, atEax));
        assertBytes("0F78D8", new Instruction(Mnemonic.VMREAD, r(Register.EAX), r(Register.EBX)));
        assertBytes("0F79D8", new Instruction(Mnemonic.VMWRITE, r(Register.EBX), r(Register.EAX)));
        assertBytes("0F01C1", new Instruction(Mnemonic.VMCALL));
        assertBytes("0F01E0", new Instruction(Mnemonic.SMSW, r(Register.EAX)));
        assertBytes("660F01E0", new Instruction(Mnemonic.SMSW, r(Register.AX)));
        assertBytes("660F00C8", new Instruction(Mnemonic.STR, r(Register.AX)));
        assertBytes("0F01F0", new Instruction(Mnemonic.LMSW, r(Register.AX)));
        assertBytes("0F0203", new Instruction(Mnemonic.LAR, r(Register.EAX), Mem.based(0, Register.EBX, 0)));
        assertBytes("0F02C3", new Instruction(Mnemonic.LAR, r(Register.EAX), r(Register.BX)));
        assertBytes("E680", new Instruction(Mnemonic.OUT, new Imm(0x80), r(Register.AL)));
        assertBytes("66ED", new Instruction(Mnemonic.IN, r(Register.AX), r(Register.DX)));
    }

    @Test
    void stackAndControlTransfer() throws EncodingException {
        assertBytes("6A05", new Instruction(Mnemonic.PUSH, new Imm(5, 4, false)));
        assertBytes("666A05", new Instruction(Mnemonic.PUSH, new Imm(5, 2, false)));
        assertBytes("06", new Instruction(Mnemonic.PUSH, r(Register.ES)));
        assertBytes("1F", new Instruction(Mnemonic.POP, r(Register.DS)));
        assertBytes("FF30", new Instruction(Mnemonic.PUSH, Mem.based(4, Register.EAX, 0)));
        assertBytes("EA001000000800", new Instruction(Mnemonic.JMP, new Operand.Far(8, 0x1000)));
        assertBytes("FF18", new Instruction(Mnemonic.CALL, new Mem(0, null, Register.EAX, null, 1, 0, true)));
        assertBytes("FF20", new Instruction(Mnemonic.JMP, Mem.based(0, Register.EAX, 0)));
        assertBytes("C20000", new Instruction(Mnemonic.RET, new Imm(0)));
        assertBytes("93", new Instruction(Mnemonic.XCHG, r(Register.EBX), r(Register.EAX)));
        assertBytes("87D9", new Instruction(Mnemonic.XCHG, r(Register.EBX), r(Register.ECX)));
        assertBytes("90", new Instruction(Mnemonic.XCHG, r(Register.EAX), r(Register.EAX)));
        assertBytes("6BC005", new Instruction(Mnemonic.IMUL, r(Register.EAX), new Imm(5)));
        assertBytes("69C32C010000", new Instruction(Mnemonic.IMUL, r(Register.EAX), r(Register.EBX), new Imm(300)));
        assertBytes("F7E9", new Instruction(Mnemonic.IMUL, r(Register.ECX)));
        assertBytes("D1E0", new Instruction(Mnemonic.SHL, r(Register.EAX), new Imm(1)));
        assertBytes("C1E003", new Instruction(Mnemonic.SHL, r(Register.EAX), new Imm(3)));
        assertBytes("F3A5", new Instruction(Mnemonic.MOVSD, java.util.List.of(), Instruction.Prefix.REP));
        assertBytes("F366A5", new Instruction(Mnemonic.MOVSW, java.util.List.of(), Instruction.Prefix.REP));
    }

    @Test
    void branchesAreRelativeToTheNextInstruction() throws EncodingException {
        assertArrayEquals(new byte[] {(byte) 0xEB, (byte) 0xFE},
                Encoder.encode(new Instruction(Mnemonic.JMP, new Imm(0x100)), 0x100).bytes());
        assertArrayEquals(new byte[] {(byte) 0xE9, (byte) 0xF9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                Encoder.encode(new Instruction(Mnemonic.JMP, new Imm(0x28, 4, false)), 0x2A).bytes());
        assertArrayEquals(new byte[] {0x0F, (byte) 0x84, 0x00, 0x01, 0x00, 0x00},
                Encoder.encode(new Instruction(Mnemonic.JE, new Imm(0x106)), 0).bytes());
    }

    @Test
    void errorsSayWhatIsWrong() {
        Mem unsized = Mem.based(0, Register.EAX, 0);
        assertEquals("operation size not specified (say byte, word or dword)",
                assertThrows(EncodingException.class, () -> enc(new Instruction(Mnemonic.INC, unsized))).getMessage());
        assertEquals("operation size not specified (say byte, word or dword)",
                assertThrows(EncodingException.class,
                        () -> enc(new Instruction(Mnemonic.MOVZX, r(Register.EAX), unsized))).getMessage());
        assertEquals("invalid combination of opcode and operands",
                assertThrows(EncodingException.class,
                        () -> enc(new Instruction(Mnemonic.MOV, r(Register.EAX), r(Register.BL)))).getMessage());
        assertEquals("short jump is out of range",
                assertThrows(EncodingException.class,
                        () -> enc(new Instruction(Mnemonic.LOOP, new Imm(0x1000)))).getMessage());
        assertEquals("invalid effective address: esp cannot be scaled",
                assertThrows(EncodingException.class, () -> enc(new Instruction(Mnemonic.MOV, r(Register.EAX),
                        new Mem(0, null, Register.EAX, Register.ESP, 2, 0, false)))).getMessage());
    }
}
