package dev.ringscope.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssemblerTest {

    private static Program assemble(String text) throws AsmException {
        return new Assembler().assemble("t.asm", text);
    }

    private static String hex(String text) throws AsmException {
        return HexFormat.of().withUpperCase().formatHex(assemble(text).bytes());
    }

    private static List<String> errors(String text) {
        AsmException e = assertThrows(AsmException.class, () -> assemble(text));
        return e.errors().stream().map(AsmError::toString).toList();
    }

    /** The bytes are nasm 2.16.01's for the same lines (bits 32), checked by hand when this was written. */
    @Test
    void sixteenBitFormsAndTheAddressSizePrefixAreNasmsBytes() throws Exception {
        assertEquals("669C" + "669D" + "669C" + "66C8040000" + "66C9", hex("bits 32\npushfw\npopfw\no16 pushf\n"
                + "o16 enter 4, 0\no16 leave\n"));
        assertEquals("678B00" + "678B00" + "678B4304" + "678B4600" + "678B04" + "678B873412" + "678B47FF"
                + "26678B02" + "67A13412" + "67A3FEFF" + "66678D00", hex("bits 32\nmov eax,[bx+si]\nmov eax,[si+bx]\n"
                + "mov eax,[bp+di+4]\nmov eax,[bp]\nmov eax,[si]\nmov eax,[bx+0x1234]\nmov eax,[bx+0xffff]\n"
                + "mov eax,[es:bp+si]\nmov eax,[word 0x1234]\nmov [word -2],eax\nlea ax,[bx+si]\n"));
        assertEquals("67E3FD" + "67E2FD" + "67E1FD" + "67E2FD" + "E2FE" + "F367A4" + "F367A4" + "6667A5" + "67D7"
                + "F267AE", hex("bits 32\njcxz $\nloop $,cx\nloope $,cx\na16 loop $\nloop $,ecx\n"
                + "a16 rep movsb\nrep a16 movsb\na16 movsw\na16 xlatb\na16 repne scasb\n"));
    }

    @Test
    void sixteenBitAddressingTakesOnlyTheRegistersOfTable2Dash1() {
        assertTrue(errors("bits 32\nmov eax,[ax]\n").get(0).contains("16-bit addressing takes [bx|bp + si|di + disp]"),
                errors("bits 32\nmov eax,[ax]\n").toString());
        assertTrue(errors("bits 32\nmov eax,[bx+bp]\n").get(0).contains("invalid effective address"));
        assertTrue(errors("bits 32\nmov eax,[bx+esi]\n").get(0).contains("invalid effective address"));
        assertTrue(errors("bits 32\nmov eax,[si*2]\n").get(0).contains("invalid effective address"));
        assertTrue(errors("bits 32\no16 nop\n").get(0).contains("o16 is supported only on"));
        // NASM has no name for 66 C8 / 66 C9 (it takes "enterw" for a label); neither does RingScope
        assertTrue(errors("bits 32\nenterw 4, 0\n").get(0).contains("unknown instruction 'enterw'"),
                errors("bits 32\nenterw 4, 0\n").toString());
        // "es movsb" is NASM's segment-override prefix; it must not become a label named es
        assertTrue(errors("bits 32\nes movsb\n").get(0).contains("segment override 'es' as a prefix word"),
                errors("bits 32\nes movsb\n").toString());
        // BSWAP r16 is undefined (SDM Vol. 2A BSWAP) and NASM 2.16 rejects it too
        assertTrue(errors("bits 32\nbswap ax\n").get(0).contains("invalid combination of opcode and operands"));
    }

    @Test
    void lockOnAnInstructionThatCannotTakeItAssemblesWithNasmsWarning() throws Exception {
        String source = "bits 32\nlock nop\nlock add eax, ebx\nlock xchg eax, ebx\nlock add [eax], ebx\n"
                + "lock xchg [eax], ebx\nlock inc dword [eax]\n";
        Program p = assemble(source);
        assertEquals("F090" + "F001D8" + "F093" + "F00118" + "F08718" + "F0FF00",
                HexFormat.of().withUpperCase().formatHex(p.bytes()));
        List<String> warnings = p.warnings().stream().map(AsmWarning::toString).toList();
        assertEquals(List.of(
                "t.asm:2:1: warning: instruction is not lockable: the CPU raises #UD (lock prefix on nop: LOCK is only"
                        + " for read-modify-write instructions with a memory destination)",
                "t.asm:3:1: warning: instruction is not lockable: the CPU raises #UD (lock prefix on add eax, ebx: LOCK"
                        + " is only for read-modify-write instructions with a memory destination)",
                "t.asm:4:1: warning: instruction is not lockable: the CPU raises #UD (lock prefix on xchg eax, ebx: LOCK"
                        + " is only for read-modify-write instructions with a memory destination)"), warnings);
    }

    @Test
    void lockedInstructionsAreTheBytesNasmWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        dev.ringscope.testing.Nasm.require();
        String source = "bits 32\nlock nop\nlock add eax, ebx\nlock xchg eax, ebx\nlock add [eax], ebx\n"
                + "lock xchg [eax], ebx\nlock inc dword [eax]\nlock sub word [eax+4], 7\nlock not byte [ebx]\n";
        assertEquals(HexFormat.of().formatHex(dev.ringscope.testing.Nasm.assemble(source, dir)),
                HexFormat.of().formatHex(assemble(source).bytes()));
    }

    @Test
    void jumpsToLabelsAreShortWhenTheyFitAndNearOtherwise() throws AsmException {
        assertEquals("EBFE", hex("l: jmp l"));
        assertEquals("EB7D" + "90".repeat(125) + "EB80", hex("jmp x\ntimes 125 nop\nx: jmp $-126"));
        assertEquals("E980000000" + "90".repeat(128) + "E9", hex("jmp x\ntimes 128 nop\nx: jmp $-200").substring(0, 268));
        // a plain number is no label: NASM keeps the near form
        assertEquals("E90B000000", hex("jmp 0x10"));
    }

    @Test
    void forwardReferencesSettleOnTheShortestForms() throws AsmException {
        assertEquals("83C003" + "EB00", hex("add eax, k\njmp l\nl:\nk equ 3"));
    }

    @Test
    void labelsAndSymbolsAreReported() throws AsmException {
        Program p = assemble("org 0x1000\nstart: nop\n.inner: nop\nend:");
        assertEquals(0x1000L, p.symbol("start"));
        assertEquals(0x1001L, p.symbol("start.inner"));
        assertEquals(0x1002L, p.symbol("end"));
        assertEquals(2, p.sourceMap().size());
        assertEquals(3, p.lineAt(0x1001).pos().line());
    }

    @Test
    void everyErrorInAFileIsReportedWithItsPlace() {
        List<String> errs = errors("""
                bits 32
                mov eax, nowhere
                foo eax, 1
                mov eax, bl
                inc [eax]
                l: nop
                l: nop
                jmp short far_away
                times 200 nop
                far_away:
                """);
        assertEquals(List.of(
                "t.asm:2:10: error: symbol 'nowhere' is not defined",
                "t.asm:3:1: error: unknown instruction 'foo'",
                "t.asm:4:5: error: invalid combination of opcode and operands",
                "t.asm:5:5: error: operation size not specified (say byte, word or dword)",
                "t.asm:7:1: error: label 'l' is already defined at t.asm:6:1",
                "t.asm:8:5: error: short jump is out of range"), errs);
    }

    @Test
    void onlyThirtyTwoBitFlatCodeIsAccepted() {
        assertEquals(List.of("t.asm:1:6: error: only 32-bit code is supported: write `bits 32`"), errors("bits 16"));
        assertTrue(errors("section .data").get(0).contains("one flat section"));
    }

    @Test
    void garbageGivesBoundedErrorsQuickly() {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 10_000_000) {
            sb.append((char) (r.nextInt(95) + 32));
            if (r.nextInt(60) == 0) {
                sb.append('\n');
            }
        }
        List<String> errs = assertTimeoutPreemptively(Duration.ofSeconds(180), () -> errors(sb.toString())); // a hang guard
        assertTrue(errs.size() <= Diagnostics.MAX_ERRORS + 1, "errors are capped: " + errs.size());
        assertTrue(errs.get(0).matches("t\\.asm:\\d+:\\d+: error: .+"), errs.get(0));
    }

    // ---- TIMES with huge counts (found by AssemblerFuzzTest; the timeouts guard against a hang, they time nothing) ----

    private static final Duration HANG = Duration.ofSeconds(120);

    @Test
    void aHugeTimesOfAnInstructionTakesAMomentNotMinutes() throws Exception {
        Program p = assertTimeoutPreemptively(HANG, () -> assemble("times 60000000 nop\nx: times 67108864 - x resb 1\n"));
        assertEquals(64 * 1024 * 1024, p.bytes().length);
        assertEquals((byte) 0x90, p.bytes()[59_999_999]);
        assertEquals(0, p.bytes()[60_000_000]);
        assertEquals(1, p.warnings().size(), p.warnings().toString()); // not one per copy
    }

    @Test
    void aTimesLineWithAnErrorReportsItOnceAndStops() {
        List<String> errs = assertTimeoutPreemptively(HANG, () -> errors("times 60000000 dd nowhere\n"));
        assertEquals(List.of("t.asm:1:19: error: symbol 'nowhere' is not defined"), errs);
    }

    @Test
    void copiesThatDependOnTheirPlaceAreStillLaidOutOneByOne() throws Exception {
        assertEquals("00000000" + "04000000" + "08000000", hex("times 3 dd $"));
        assertEquals("EBFE" + "EBFE", hex("times 2 jmp short $"));
        assertEquals("90" + "EB00" + "EB00", hex("nop\ntimes 2 jmp short $+2"));
        assertEquals("B801000000".repeat(3), hex("times 3 mov eax, 1"));
    }

    @Test
    void aReserveCountThatOverflowsIsOutOfRangeNotWrapped() {
        List<String> errs = errors("resq 0x2000000000000001\n");
        assertEquals(1, errs.size(), errs.toString());
        assertTrue(errs.get(0).contains("reserve count 2305843009213693953 is out of range"), errs.toString());
    }

    @Test
    void anAlignPastTheImageLimitIsAnErrorNotAnEndlessPadding() {
        List<String> errs = assertTimeoutPreemptively(HANG, () -> errors("nop\nalign 1 << 40\nnop\n"));
        assertEquals(List.of("t.asm:2:7: error: align 1099511627776 would grow the image beyond 64 MiB"), errs);
    }
}
