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
    MOV, MOVZX, MOVSX, LEA, XCHG, PUSH, POP, PUSHAD, POPAD, PUSHFD, POPFD, CBW, CWDE, CWD, CDQ,
    // arithmetic and logic
    ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT, MUL, IMUL, DIV, IDIV,
    ROL, ROR, RCL, RCR, SHL, SHR, SAR,
    CLC, STC, CMC, CLD, STD,
    // strings
    MOVSB, MOVSW, MOVSD, STOSB, STOSW, STOSD, LODSB, LODSW, LODSD, CMPSB, CMPSD, SCASB, SCASD,
    INSB, INSD, OUTSB, OUTSD,
    // control transfer
    JMP, CALL, RET, RETF, LEAVE, LOOP, LOOPE, LOOPNE, JECXZ, INT, INT3, IRETD, UD2,
    JO, JNO, JB, JAE, JE, JNE, JBE, JA, JS, JNS, JP, JNP, JL, JGE, JLE, JG,
    // system
    CLI, STI, HLT, NOP, CPUID, RDTSC, RDMSR, WRMSR, IN, OUT,
    LGDT, LIDT, SGDT, SIDT, LLDT, SLDT, LTR, STR, LMSW, SMSW, INVLPG, CLTS, WBINVD, INVD,
    LAR, LSL, VERR, VERW, SYSENTER, SYSEXIT,
    // VMX (SDM Vol. 3C ch. 31 and Vol. 2 "VMX instructions")
    VMXON, VMXOFF, VMPTRLD, VMPTRST, VMCLEAR, VMLAUNCH, VMRESUME, VMCALL, VMREAD, VMWRITE;

    private static final Map<String, Mnemonic> BY_NAME = new HashMap<>();

    static {
        for (Mnemonic m : values()) {
            BY_NAME.put(m.lowerName(), m);
        }
        alias("jc", JB); alias("jnae", JB);
        alias("jnb", JAE); alias("jnc", JAE);
        alias("jz", JE); alias("jnz", JNE);
        alias("jna", JBE); alias("jnbe", JA);
        alias("jpe", JP); alias("jpo", JNP);
        alias("jnge", JL); alias("jnl", JGE);
        alias("jng", JLE); alias("jnle", JG);
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

    /** The condition code (0–15, SDM Vol. 1 Appendix B) of a conditional jump. */
    public int conditionCode() {
        if (!isConditionalJump()) {
            throw new IllegalStateException(this + " is not a conditional jump");
        }
        return ordinal() - JO.ordinal();
    }

    @Override
    public String toString() { return lowerName(); }
}
