package dev.ringscope.isa;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every instruction name RingScope models. Alternative spellings NASM accepts (je/jz, sal/shl,
 * pushf/pushfd in 32-bit code, …) map to one canonical name through {@link #byName(String)}.
 */
public enum Mnemonic {
    // data movement
    MOV, MOVZX, MOVSX, LEA, XCHG, PUSH, POP, PUSHAD, POPAD, PUSHAW, POPAW, PUSHFD, POPFD, PUSHFW, POPFW,
    CBW, CWDE, CWD, CDQ,
    BSWAP, XADD, CMPXCHG, CMPXCHG8B, LAHF, SAHF, XLATB,
    CMOVO, CMOVNO, CMOVB, CMOVAE, CMOVE, CMOVNE, CMOVBE, CMOVA, CMOVS, CMOVNS, CMOVP, CMOVNP, CMOVL, CMOVGE,
    CMOVLE, CMOVG,
    // arithmetic and logic
    ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT, MUL, IMUL, DIV, IDIV,
    ROL, ROR, RCL, RCR, SHL, SHR, SAR,
    CLC, STC, CMC, CLD, STD,
    SHLD, SHRD, BT, BTS, BTR, BTC, BSF, BSR,
    SETO, SETNO, SETB, SETAE, SETE, SETNE, SETBE, SETA, SETS, SETNS, SETP, SETNP, SETL, SETGE, SETLE, SETG,
    // strings
    MOVSB, MOVSW, MOVSD, STOSB, STOSW, STOSD, LODSB, LODSW, LODSD, CMPSB, CMPSW, CMPSD, SCASB, SCASW, SCASD,
    INSB, INSW, INSD, OUTSB, OUTSW, OUTSD,
    // control transfer
    JMP, CALL, RET, RETF, ENTER, LEAVE, ENTERW, LEAVEW, LOOP, LOOPE, LOOPNE, JECXZ, INT, INT3, IRETD, UD2,
    JO, JNO, JB, JAE, JE, JNE, JBE, JA, JS, JNS, JP, JNP, JL, JGE, JLE, JG,
    // system
    CLI, STI, HLT, NOP, WAIT, CPUID, RDTSC, RDMSR, WRMSR, IN, OUT,
    LGDT, LIDT, SGDT, SIDT, LLDT, SLDT, LTR, STR, LMSW, SMSW, INVLPG, CLTS, WBINVD, INVD,
    LAR, LSL, VERR, VERW, SYSENTER, SYSEXIT,
    // VMX (SDM Vol. 3C ch. 31 and Vol. 2 "VMX instructions")
    VMXON, VMXOFF, VMPTRLD, VMPTRST, VMCLEAR, VMLAUNCH, VMRESUME, VMCALL, VMREAD, VMWRITE;

    private static final Map<String, Mnemonic> BY_NAME = new HashMap<>();

    static {
        for (Mnemonic m : values()) {
            BY_NAME.put(m.lowerName(), m);
        }
        // NASM has no names for these: they are written "o16 enter" and "o16 leave" (see Syntax)
        BY_NAME.remove("enterw");
        BY_NAME.remove("leavew");
        // NASM's alternative condition names (SDM Vol. 1 Appendix B), for Jcc, SETcc and CMOVcc alike
        String[][] conditions = {{"c", "b"}, {"nae", "b"}, {"nb", "ae"}, {"nc", "ae"}, {"z", "e"}, {"nz", "ne"},
            {"na", "be"}, {"nbe", "a"}, {"pe", "p"}, {"po", "np"}, {"nge", "l"}, {"nl", "ge"}, {"ng", "le"},
            {"nle", "g"}};
        for (String prefix : new String[] {"j", "set", "cmov"}) {
            for (String[] c : conditions) {
                alias(prefix + c[0], BY_NAME.get(prefix + c[1]));
            }
        }
        alias("xlat", XLATB);
        alias("fwait", WAIT);
        alias("loopz", LOOPE); alias("loopnz", LOOPNE);
        alias("sal", SHL);
        alias("pushf", PUSHFD); alias("popf", POPFD);
        alias("pusha", PUSHAD); alias("popa", POPAD);
        alias("iret", IRETD);
        alias("retn", RET);
    }

    private static void alias(String name, Mnemonic canonical) {
        BY_NAME.put(name, canonical);
    }

    /** The mnemonic for a name in any case, aliases included, or null. */
    public static Mnemonic byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isConditionalJump() {
        return ordinal() >= JO.ordinal() && ordinal() <= JG.ordinal();
    }

    public boolean isSetcc() {
        return ordinal() >= SETO.ordinal() && ordinal() <= SETG.ordinal();
    }

    public boolean isCmovcc() {
        return ordinal() >= CMOVO.ordinal() && ordinal() <= CMOVG.ordinal();
    }

    /** The condition code (0–15, SDM Vol. 1 Appendix B) of a Jcc, SETcc or CMOVcc. */
    public int conditionCode() {
        if (isConditionalJump()) {
            return ordinal() - JO.ordinal();
        }
        if (isSetcc()) {
            return ordinal() - SETO.ordinal();
        }
        if (isCmovcc()) {
            return ordinal() - CMOVO.ordinal();
        }
        throw new IllegalStateException(this + " has no condition");
    }

    @Override
    public String toString() { return lowerName(); }
}
