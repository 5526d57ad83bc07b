package dev.ringscope.isa;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of privilege classes, keyed by classification row: a mnemonic, or a mnemonic with
 * the operand form that changes its class ({@code mov cr}, {@code mov sreg}, {@code push sreg},
 * {@code jmp far}, {@code int n}). {@link Form#privilege()} reads it; so do {@code classify} and the VMMs.
 */
public final class PrivilegeTable {

    private static final String SDM_PRIV = "SDM Vol. 3A §5.9 (privileged instructions)";
    private static final String SDM_IOPL = "SDM Vol. 1 §18.2.1 and Vol. 3A §2.3 (IOPL-sensitive)";
    private static final String RI_REVEAL = "Robin & Irvine, USENIX Security 2000 (sensitive register instructions)";
    private static final String RI_PROTECT = "Robin & Irvine, USENIX Security 2000 (protection system references)";
    private static final String VMX = "SDM Vol. 3C §31 and Vol. 2 VMX instructions (#UD outside VMX operation, #GP at CPL > 0)";

    private static final Map<String, PrivilegeClass> ROWS = new LinkedHashMap<>();

    static {
        privileged("hlt", Sensitivity.CONTROL, SDM_PRIV);
        privileged("lgdt", Sensitivity.CONTROL, SDM_PRIV);
        privileged("lidt", Sensitivity.CONTROL, SDM_PRIV);
        privileged("lldt", Sensitivity.CONTROL, SDM_PRIV);
        privileged("ltr", Sensitivity.CONTROL, SDM_PRIV);
        privileged("lmsw", Sensitivity.CONTROL, SDM_PRIV);
        privileged("clts", Sensitivity.CONTROL, SDM_PRIV);
        privileged("mov cr", Sensitivity.CONTROL, SDM_PRIV + "; reading a CR reveals the mode");
        privileged("invlpg", Sensitivity.CONTROL, SDM_PRIV);
        privileged("wbinvd", Sensitivity.CONTROL, SDM_PRIV);
        privileged("invd", Sensitivity.CONTROL, SDM_PRIV);
        privileged("rdmsr", Sensitivity.BEHAVIOUR, SDM_PRIV);
        privileged("wrmsr", Sensitivity.CONTROL, SDM_PRIV);
        privileged("sysexit", Sensitivity.CONTROL, "SDM Vol. 2B SYSEXIT (#GP(0) if CPL != 0)");
        for (String vmx : new String[] {"vmxon", "vmxoff", "vmptrld", "vmptrst", "vmclear", "vmlaunch",
                "vmresume", "vmread", "vmwrite"}) {
            privileged(vmx, Sensitivity.CONTROL, VMX);
        }
        privileged("vmcall", Sensitivity.CONTROL, "SDM Vol. 2B VMCALL (always a VM exit in VMX non-root; #UD outside VMX)");

        iopl("cli", "SDM Vol. 2A CLI: #GP(0) if CPL > IOPL");
        iopl("sti", "SDM Vol. 2B STI: #GP(0) if CPL > IOPL");
        iopl("in", SDM_IOPL + "; I/O permission bitmap, SDM Vol. 1 §18.5.2");
        iopl("out", SDM_IOPL + "; I/O permission bitmap, SDM Vol. 1 §18.5.2");
        iopl("insb", SDM_IOPL);
        iopl("insw", SDM_IOPL);
        iopl("insd", SDM_IOPL);
        iopl("outsb", SDM_IOPL);
        iopl("outsw", SDM_IOPL);
        iopl("outsd", SDM_IOPL);

        hole("pushfd", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals the real IF and IOPL");
        hole("popfd", Sensitivity.CONTROL, RI_REVEAL + ": at CPL > IOPL the IF change is silently dropped (SDM Vol. 2B POPF)");
        // the 16-bit forms (66 9C, 66 9D): the same holes in the low half of EFLAGS, where IF and IOPL are
        hole("pushfw", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals the real IF and IOPL (SDM Vol. 2B PUSHF)");
        hole("popfw", Sensitivity.CONTROL, RI_REVEAL + ": at CPL > IOPL the IF change is silently dropped (SDM Vol. 2B POPF)");
        hole("sgdt", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals the real GDTR");
        hole("sidt", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals the real IDTR");
        hole("sldt", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals the real LDTR");
        hole("smsw", Sensitivity.BEHAVIOUR, RI_REVEAL + ": reveals CR0's low bits (PE, …)");
        hole("str", Sensitivity.BEHAVIOUR, RI_PROTECT + ": reveals the real TR");
        hole("lar", Sensitivity.BEHAVIOUR, RI_PROTECT + ": answer depends on CPL vs DPL");
        hole("lsl", Sensitivity.BEHAVIOUR, RI_PROTECT + ": answer depends on CPL vs DPL");
        hole("verr", Sensitivity.BEHAVIOUR, RI_PROTECT + ": answer depends on CPL vs DPL");
        hole("verw", Sensitivity.BEHAVIOUR, RI_PROTECT + ": answer depends on CPL vs DPL");
        hole("push sreg", Sensitivity.BEHAVIOUR, RI_PROTECT + ": pushing CS reveals the CPL");
        hole("pop sreg", Sensitivity.BEHAVIOUR, RI_PROTECT + ": the load checks CPL against the descriptor's DPL");
        hole("mov sreg", Sensitivity.BEHAVIOUR, RI_PROTECT + ": reading CS/SS reveals the CPL; loads check DPL");
        hole("jmp far", Sensitivity.BEHAVIOUR, RI_PROTECT + ": checks CPL against the target's DPL");
        hole("call far", Sensitivity.BEHAVIOUR, RI_PROTECT + ": checks CPL against the target's DPL");
        hole("retf", Sensitivity.BEHAVIOUR, RI_PROTECT + ": checks RPL of the return CS against CPL");
        hole("int n", Sensitivity.BEHAVIOUR, RI_PROTECT + ": checks CPL against the gate's DPL");
        // innocuous by Popek & Goldberg's definition, and why: they are the ones students ask about
        hole("cpuid", Sensitivity.NONE, "SDM Vol. 2A CPUID: no privilege check, reveals the CPU model, not its "
                + "state; VT-x still exits on it unconditionally (SDM Vol. 3C §25.1.2) so a hypervisor can choose "
                + "what the guest is told");
        hole("rdtsc", Sensitivity.NONE, "SDM Vol. 2B RDTSC: #GP(0) at CPL > 0 only with CR4.TSD = 1 (not set "
                + "here); time is outside Popek & Goldberg's equivalence, which allows a VMM to be slower");
        hole("wait", Sensitivity.NONE, "SDM Vol. 3A Table 2-2: #NM with CR0.MP and CR0.TS, no privilege check");
        hole("iretd", Sensitivity.CONTROL, "SDM Vol. 2A IRET: like POPF, at CPL > 0 leaves IOPL (and IF if CPL > IOPL) unchanged without a fault; not in Robin & Irvine's list");
    }

    private PrivilegeTable() {
    }

    private static void privileged(String row, Sensitivity s, String source) {
        ROWS.put(row, new PrivilegeClass(true, false, s, source));
    }

    private static void iopl(String row, String source) {
        ROWS.put(row, new PrivilegeClass(false, true, Sensitivity.CONTROL, source));
    }

    private static void hole(String row, Sensitivity s, String source) {
        ROWS.put(row, new PrivilegeClass(false, false, s, source));
    }

    private static final PrivilegeClass INNOCUOUS = new PrivilegeClass(false, false, Sensitivity.NONE,
            "SDM Vol. 2 (no privilege or IOPL check); not sensitive per Popek & Goldberg");

    /** The class of a classification row; rows not in the table are innocuous. */
    public static PrivilegeClass of(String row) {
        return ROWS.getOrDefault(row, INNOCUOUS);
    }
}
