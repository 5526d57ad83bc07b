package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The instruction table: every encoding RingScope knows, in the order NASM prefers them
 * (the first form that fits wins, so short forms come before long ones). The notation follows the
 * SDM's opcode column: {@code /r} ModRM with a register, {@code /n} opcode extension, {@code +r}
 * register in the opcode, {@code ib iw id} immediates, {@code rb rd} relative branch targets,
 * {@code ptr} a far pointer, {@code mo} a moffs address, {@code o16} the 0x66 prefix, and
 * {@code /rr} the same register in ModRM.reg and ModRM.rm (two-operand imul with an immediate).
 * Sources: SDM Vol. 2A/2B/2C instruction pages, checked byte for byte against NASM 2.16.
 */
public final class FormTable {

    private static final String ARITHMETIC = """
            X rm8,r8 | B0 /r
            X rm16,r16 | o16 B1 /r
            X rm32,r32 | B1 /r
            X r8,rm8 | B2 /r
            X r16,rm16 | o16 B3 /r
            X r32,rm32 | B3 /r
            X rm16,simm8 | o16 83 /N ib
            X rm32,simm8 | 83 /N ib
            X al,imm8 | B4 ib
            X ax,imm16 | o16 B5 iw
            X eax,imm32 | B5 id
            X rm8,imm8 | 80 /N ib
            X rm16,imm16 | o16 81 /N iw
            X rm32,imm32 | 81 /N id
            """;

    private static final String SHIFT = """
            X rm8,1 | D0 /N
            X rm16,1 | o16 D1 /N
            X rm32,1 | D1 /N
            X rm8,cl | D2 /N
            X rm16,cl | o16 D3 /N
            X rm32,cl | D3 /N
            X rm8,imm8 | C0 /N ib
            X rm16,imm8 | o16 C1 /N ib
            X rm32,imm8 | C1 /N ib
            """;

    private static final String UNARY = """
            X rm8 | F6 /N
            X rm16 | o16 F7 /N
            X rm32 | F7 /N
            """;

    /** BT, BTS, BTR, BTC (SDM Vol. 2A): B0 is the register form's opcode, /N the immediate form's extension. */
    private static final String BIT_TEST = """
            X rm16,r16 | o16 0F B0 /r
            X rm32,r32 | 0F B0 /r
            X rm16,imm8 | o16 0F BA /N ib
            X rm32,imm8 | 0F BA /N ib
            """;

    /** SHLD, SHRD (SDM Vol. 2B): B0 is the imm8 form, B1 the CL form. */
    private static final String SHIFT_DOUBLE = """
            X rm16,r16,imm8 | o16 0F B0 /r ib
            X rm32,r32,imm8 | 0F B0 /r ib
            X rm16,r16,cl | o16 0F B1 /r
            X rm32,r32,cl | 0F B1 /r
            """;

    /**
     * P6 instructions without a group (SDM Vol. 2A/2B pages of the same names). BSWAP r16 (66 0F C8+r)
     * is left out: the SDM calls it undefined and NASM 2.16 will not assemble it, so here its bytes
     * raise #UD (QEMU 7.2 happens to run them as the 32-bit BSWAP; real CPUs differ).
     */
    private static final String P6 = """
            bswap r32 | 0F C8 +r
            bsf r16,rm16 | o16 0F BC /r
            bsf r32,rm32 | 0F BC /r
            bsr r16,rm16 | o16 0F BD /r
            bsr r32,rm32 | 0F BD /r
            xadd rm8,r8 | 0F C0 /r
            xadd rm16,r16 | o16 0F C1 /r
            xadd rm32,r32 | 0F C1 /r
            cmpxchg rm8,r8 | 0F B0 /r
            cmpxchg rm16,r16 | o16 0F B1 /r
            cmpxchg rm32,r32 | 0F B1 /r
            cmpxchg8b m64 | 0F C7 /1
            nop rm16 | o16 0F 1F /0
            nop rm32 | 0F 1F /0
            lahf | 9F
            sahf | 9E
            xlatb | D7
            enter imm16,imm8 | C8 iw ib
            enterw imm16,imm8 | o16 C8 iw ib
            leavew | o16 C9
            pushfw | o16 9C
            popfw | o16 9D
            pushaw | o16 60
            popaw | o16 61
            cmpsw | o16 A7
            scasw | o16 AF
            insw | o16 6D
            outsw | o16 6F
            wait | 9B
            """;

    private static final String FORMS = """
            nop | 90
            mov al,moffs8 | A0 mo
            mov ax,moffs16 | o16 A1 mo
            mov eax,moffs32 | A1 mo
            mov moffs8,al | A2 mo
            mov moffs16,ax | o16 A3 mo
            mov moffs32,eax | A3 mo
            mov rm8,r8 | 88 /r
            mov rm16,r16 | o16 89 /r
            mov rm32,r32 | 89 /r
            mov r8,rm8 | 8A /r
            mov r16,rm16 | o16 8B /r
            mov r32,rm32 | 8B /r
            mov r32,sreg | 8C /r
            mov r16,sreg | o16 8C /r
            mov m16,sreg | 8C /r
            mov sreg,rm16 | 8E /r
            mov sreg,r32 | 8E /r
            mov r32,cr | 0F 20 /r
            mov cr,r32 | 0F 22 /r
            mov r8,imm8 | B0 +r ib
            mov r16,imm16 | o16 B8 +r iw
            mov r32,imm32 | B8 +r id
            mov rm8,imm8 | C6 /0 ib
            mov rm16,imm16 | o16 C7 /0 iw
            mov rm32,imm32 | C7 /0 id
            movzx r16,rm8 | o16 0F B6 /r
            movzx r32,rm8 | 0F B6 /r
            movzx r32,rm16 | 0F B7 /r
            movsx r16,rm8 | o16 0F BE /r
            movsx r32,rm8 | 0F BE /r
            movsx r32,rm16 | 0F BF /r
            lea r16,m | o16 8D /r
            lea r32,m | 8D /r
            xchg ax,r16 | o16 90 +r
            xchg r16,ax | o16 90 +r
            xchg eax,r32 | 90 +r
            xchg r32,eax | 90 +r
            xchg r8,rm8 | 86 /r
            xchg rm8,r8 | 86 /r
            xchg r16,rm16 | o16 87 /r
            xchg rm16,r16 | o16 87 /r
            xchg r32,rm32 | 87 /r
            xchg rm32,r32 | 87 /r
            push r32 | 50 +r
            push r16 | o16 50 +r
            push rm32 | FF /6
            push rm16 | o16 FF /6
            push es | 06
            push cs | 0E
            push ss | 16
            push ds | 1E
            push fs | 0F A0
            push gs | 0F A8
            push simm8 | 6A ib
            push imm32 | 68 id
            push simm8 | o16 6A ib
            push imm16 | o16 68 iw
            pop r32 | 58 +r
            pop r16 | o16 58 +r
            pop rm32 | 8F /0
            pop rm16 | o16 8F /0
            pop es | 07
            pop ss | 17
            pop ds | 1F
            pop fs | 0F A1
            pop gs | 0F A9
            pushad | 60
            popad | 61
            pushfd | 9C
            popfd | 9D
            cbw | o16 98
            cwde | 98
            cwd | o16 99
            cdq | 99
            test rm8,r8 | 84 /r
            test rm16,r16 | o16 85 /r
            test rm32,r32 | 85 /r
            test r8,rm8 | 84 /r
            test r16,rm16 | o16 85 /r
            test r32,rm32 | 85 /r
            test al,imm8 | A8 ib
            test ax,imm16 | o16 A9 iw
            test eax,imm32 | A9 id
            test rm8,imm8 | F6 /0 ib
            test rm16,imm16 | o16 F7 /0 iw
            test rm32,imm32 | F7 /0 id
            inc r16 | o16 40 +r
            inc r32 | 40 +r
            inc rm8 | FE /0
            inc rm16 | o16 FF /0
            inc rm32 | FF /0
            dec r16 | o16 48 +r
            dec r32 | 48 +r
            dec rm8 | FE /1
            dec rm16 | o16 FF /1
            dec rm32 | FF /1
            imul r16,rm16 | o16 0F AF /r
            imul r32,rm32 | 0F AF /r
            imul r16,simm8 | o16 6B /rr ib
            imul r32,simm8 | 6B /rr ib
            imul r16,imm16 | o16 69 /rr iw
            imul r32,imm32 | 69 /rr id
            imul r16,rm16,simm8 | o16 6B /r ib
            imul r32,rm32,simm8 | 6B /r ib
            imul r16,rm16,imm16 | o16 69 /r iw
            imul r32,rm32,imm32 | 69 /r id
            clc | F8
            stc | F9
            cmc | F5
            cld | FC
            std | FD
            movsb | A4
            movsw | o16 A5
            movsd | A5
            cmpsb | A6
            cmpsd | A7
            stosb | AA
            stosw | o16 AB
            stosd | AB
            lodsb | AC
            lodsw | o16 AD
            lodsd | AD
            scasb | AE
            scasd | AF
            insb | 6C
            insd | 6D
            outsb | 6E
            outsd | 6F
            jmp rel8 | EB rb
            jmp rel32 | E9 rd
            jmp farptr | EA ptr
            jmp rm32 | FF /4
            jmp farmem | FF /5
            call rel32 | E8 rd
            call farptr | 9A ptr
            call rm32 | FF /2
            call farmem | FF /3
            ret | C3
            ret imm16 | C2 iw
            retf | CB
            retf imm16 | CA iw
            leave | C9
            loopne rel8 | E0 rb
            loope rel8 | E1 rb
            loop rel8 | E2 rb
            jecxz rel8 | E3 rb
            int3 | CC
            int imm8 | CD ib
            iretd | CF
            ud2 | 0F 0B
            cli | FA
            sti | FB
            hlt | F4
            cpuid | 0F A2
            rdtsc | 0F 31
            rdmsr | 0F 32
            wrmsr | 0F 30
            in al,imm8 | E4 ib
            in ax,imm8 | o16 E5 ib
            in eax,imm8 | E5 ib
            in al,dx | EC
            in ax,dx | o16 ED
            in eax,dx | ED
            out imm8,al | E6 ib
            out imm8,ax | o16 E7 ib
            out imm8,eax | E7 ib
            out dx,al | EE
            out dx,ax | o16 EF
            out dx,eax | EF
            sgdt m | 0F 01 /0
            sidt m | 0F 01 /1
            lgdt m | 0F 01 /2
            lidt m | 0F 01 /3
            smsw r32 | 0F 01 /4
            smsw r16 | o16 0F 01 /4
            smsw m | 0F 01 /4
            lmsw rm16 | 0F 01 /6
            lmsw m | 0F 01 /6
            invlpg m | 0F 01 /7
            sldt r32 | 0F 00 /0
            sldt r16 | o16 0F 00 /0
            sldt m | 0F 00 /0
            str r32 | 0F 00 /1
            str r16 | o16 0F 00 /1
            str m | 0F 00 /1
            lldt rm16 | 0F 00 /2
            lldt m | 0F 00 /2
            ltr rm16 | 0F 00 /3
            ltr m | 0F 00 /3
            verr rm16 | 0F 00 /4
            verr m | 0F 00 /4
            verw rm16 | 0F 00 /5
            verw m | 0F 00 /5
            lar r16,rm16 | o16 0F 02 /r
            lar r32,rm32 | 0F 02 /r
            lar r32,rm16 | 0F 02 /r
            lar r32,m | 0F 02 /r
            lsl r16,rm16 | o16 0F 03 /r
            lsl r32,rm32 | 0F 03 /r
            lsl r32,rm16 | 0F 03 /r
            lsl r32,m | 0F 03 /r
            clts | 0F 06
            invd | 0F 08
            wbinvd | 0F 09
            sysenter | 0F 34
            sysexit | 0F 35
            vmcall | 0F 01 C1
            vmlaunch | 0F 01 C2
            vmresume | 0F 01 C3
            vmxoff | 0F 01 C4
            vmxon m | F3 0F C7 /6
            vmclear m | 66 0F C7 /6
            vmptrld m | 0F C7 /6
            vmptrst m | 0F C7 /7
            vmread rm32,r32 | 0F 78 /r
            vmwrite r32,rm32 | 0F 79 /r
            """;

    private static final String[] ARITHMETIC_NAMES = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFT_NAMES = {"rol", "ror", "rcl", "rcr", "shl", "shr", null, "sar"};
    private static final String[] UNARY_NAMES = {null, null, "not", "neg", "mul", "imul", "div", "idiv"};
    private static final String JCC = "jo jno jb jae je jne jbe ja js jns jp jnp jl jge jle jg";
    private static final String[] BIT_TEST_NAMES = {"bt", "bts", "btr", "btc"};

    private static final List<Form> ALL;
    private static final Map<Mnemonic, List<Form>> BY_MNEMONIC = new EnumMap<>(Mnemonic.class);

    static {
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            expand(lines, ARITHMETIC, ARITHMETIC_NAMES[n], n, n * 8);
            if (SHIFT_NAMES[n] != null) {
                expand(lines, SHIFT, SHIFT_NAMES[n], n, 0);
            }
        }
        // the one-operand group comes before imul's other forms so "imul ecx" is F7 /5
        for (int n = 0; n < 8; n++) {
            if (UNARY_NAMES[n] != null) {
                expand(lines, UNARY, UNARY_NAMES[n], n, 0);
            }
        }
        String[] cc = JCC.split(" ");
        for (int c = 0; c < 16; c++) {
            lines.add(String.format("%s rel8 | %02X rb", cc[c], 0x70 + c));
            lines.add(String.format("%s rel32 | 0F %02X rd", cc[c], 0x80 + c));
        }
        FORMS.lines().filter(l -> !l.isBlank()).forEach(lines::add);
        for (int c = 0; c < 16; c++) {
            String condition = cc[c].substring(1);
            // SETcc: NASM writes ModRM.reg 0 (the SDM's "0F 9x"; real CPUs and QEMU ignore the field)
            lines.add(String.format("set%s rm8 | 0F %02X /0", condition, 0x90 + c));
            lines.add(String.format("cmov%s r16,rm16 | o16 0F %02X /r", condition, 0x40 + c));
            lines.add(String.format("cmov%s r32,rm32 | 0F %02X /r", condition, 0x40 + c));
        }
        for (int n = 0; n < 4; n++) {
            expand(lines, BIT_TEST, BIT_TEST_NAMES[n], 4 + n, 0xA3 + 8 * n);
        }
        expand(lines, SHIFT_DOUBLE, "shld", 0, 0xA4);
        expand(lines, SHIFT_DOUBLE, "shrd", 0, 0xAC);
        P6.lines().filter(l -> !l.isBlank()).forEach(lines::add);

        List<Form> forms = new ArrayList<>();
        for (String line : lines) {
            forms.add(FormNotation.parse(line));
        }
        ALL = Collections.unmodifiableList(forms);
        for (Form f : ALL) {
            BY_MNEMONIC.computeIfAbsent(f.mnemonic(), m -> new ArrayList<>()).add(f);
        }
    }

    private FormTable() {
    }

    /** Fills a group template: X is the mnemonic, B0..B5 the group's opcodes, /N its extension. */
    private static void expand(List<String> out, String template, String name, int digit, int base) {
        template.lines().filter(l -> !l.isBlank()).forEach(l -> {
            String s = l.replace("X ", name + " ").replace("/N", "/" + digit);
            // one pass, so that an opcode written by one placeholder is never read as another
            out.add(java.util.regex.Pattern.compile("\\bB([0-5]) ").matcher(s)
                    .replaceAll(r -> String.format("%02X ", base + Integer.parseInt(r.group(1)))));
        });
    }

    /** Every form, in preference order. */
    public static List<Form> all() {
        return ALL;
    }

    /** The forms of one mnemonic, in preference order (empty if none). */
    public static List<Form> forms(Mnemonic m) {
        return BY_MNEMONIC.getOrDefault(m, List.of());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
