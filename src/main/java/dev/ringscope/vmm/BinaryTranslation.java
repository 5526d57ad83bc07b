package dev.ringscope.vmm;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import dev.ringscope.isa.PrivilegeClass;
import dev.ringscope.isa.Register;
import dev.ringscope.isa.Syntax;
import dev.ringscope.machine.CpuFault;
import dev.ringscope.machine.PhysicalMemory;
import dev.ringscope.trace.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VMware-style binary translation (Adams &amp; Agesen 2006; REFERENCE.md §5): guest kernel code
 * never runs as written. The first time the guest kernel reaches an address, the VMM translates
 * the basic block there (up to 12 instructions, or to a control transfer) into its translation
 * cache: innocuous instructions are copied as they are (IDENT), sensitive ones become inline code
 * on the virtual CPU ({@code cli} is a store to the virtual IF) or a callout into the VMM, direct
 * branches are chained to their translated targets, indirect ones look their target up. Guest user
 * code runs directly. Writes to guest code invalidate its translations; page-table writes that
 * keep tracing are retranslated into callouts (adaptive translation). Because every sensitive
 * kernel instruction is rewritten, none of the x86 holes shows up in the guest kernel.
 */
public final class BinaryTranslation extends RingCompressed {

    /** Where the translation cache lives in the VMM's memory. */
    public static final int CACHE_BASE = 0xFFD0_0000;
    static final int MAX_BLOCK = 12;
    /** Traced page-table writes by one instruction before it is retranslated as a callout. */
    static final int ADAPT_AFTER = 2;

    private Map<Integer, TranslatedBlock> cache = new LinkedHashMap<>();
    private Map<Integer, Set<Integer>> blocksByPage = new HashMap<>();
    /** Chained jumps, as (from block, to block) pairs. */
    private Set<Long> chains = new HashSet<>();
    /** Instructions retranslated as callouts because their page-table writes kept tracing. */
    private Map<Integer, Integer> traceCounts = new HashMap<>();
    private Set<Integer> adapted = new HashSet<>();
    /** Instructions that accessed the APIC page, retranslated to work on the virtual APIC inline. */
    private Set<Integer> apicInline = new HashSet<>();
    private int cacheTop = CACHE_BASE;

    private TranslatedBlock current;
    private int expectedNext = -1;
    /** The index of the instruction running now within {@code current}. */
    private int position;
    private int currentEip = -1;

    public BinaryTranslation(CostModel cost) {
        super(cost);
    }

    @Override
    public Technique technique() {
        return Technique.BINARY_TRANSLATION;
    }

    /** Every translation so far, by guest address (the translation cache's index). */
    public Map<Integer, TranslatedBlock> translations() {
        return Collections.unmodifiableMap(cache);
    }

    /** The translated block that holds guest address {@code eip}, or null. */
    public TranslatedBlock blockContaining(int eip) {
        if (current != null && current.entryAt(eip) != null) {
            return current;
        }
        for (TranslatedBlock b : cache.values()) {
            if (b.entryAt(eip) != null) {
                return b;
            }
        }
        return null;
    }

    /**
     * The translation of the block holding guest address {@code eip}, for showing beside the guest
     * code: the cached one, or (when the cursor is where the machine has not run, or ran before a
     * restore) what translating from {@code eip} gives — without touching the cache or the counters.
     */
    public TranslatedBlock translationFor(int eip) {
        TranslatedBlock cached = blockContaining(eip);
        if (cached != null) {
            return cached;
        }
        return preview(eip);
    }

    @Override
    public boolean watchesCode(int cpl) {
        return cpl == 1 || cpl == 2;
    }

    @Override
    public boolean kernelInstruction(int eip, Instruction instruction, byte[] bytes) {
        if (eip == expectedNext && current != null) {
            position++; // straight on within the block: the next entry
        } else {
            enterBlock(eip);
            position = 0; // a block is looked up (or made) by the address it starts at
        }
        currentEip = eip;
        List<TranslatedBlock.Entry> entries = current.entries();
        TranslatedBlock.Entry e = entries.get(position);
        expectedNext = position == entries.size() - 1 ? -1 : eip + bytes.length;
        if (e.kind() == TranslatedBlock.Kind.INLINE || e.kind() == TranslatedBlock.Kind.CALLOUT) {
            int before = cpu.cpl;
            if (emulate(eip, instruction, bytes, false)) {
                if (e.kind() == TranslatedBlock.Kind.CALLOUT) {
                    stats.callouts++;
                    charge(VmmStats.Category.VMM, cost.callout());
                } else {
                    charge(VmmStats.Category.VMM, cost.inline());
                }
                if (cpu.cpl != before || cpu.eip != eip + bytes.length) {
                    expectedNext = -1; // left the block (iretd, sysexit, far return)
                    if (cpu.cpl == 1 && before == 1) {
                        charge(VmmStats.Category.VMM, cost.indirectLookup());
                    }
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean sensitiveInstruction(int eip, Instruction instruction, byte[] bytes) {
        if (watchesCode(cpu.cpl)) {
            return false; // translated code: an IDENT copy runs as it is
        }
        return directSensitive(eip, instruction, bytes);
    }

    /** Finds (or makes) the translation for {@code eip} and accounts for how control got there. */
    private void enterBlock(int eip) {
        TranslatedBlock previous = current;
        int physical = hw.probe(eip);
        TranslatedBlock b = cache.get(eip);
        if (b != null && (physical < 0 || !b.physicalPages().contains(physical >>> PhysicalMemory.PAGE_SHIFT))) {
            drop(b, "the address now maps other code");
            b = null;
        }
        if (b == null) {
            b = translate(eip);
        }
        boolean fromTranslated = previous != null && expectedNext == -1;
        if (fromTranslated && previous.exit() == TranslatedBlock.Exit.DIRECT) {
            long link = (long) previous.guestAddress() << 32 | (eip & 0xFFFF_FFFFL);
            if (chains.add(link)) {
                charge(VmmStats.Category.VMM, cost.indirectLookup()); // first time: look up, then patch the jump
            }
        } else {
            charge(VmmStats.Category.VMM, cost.indirectLookup()); // an indirect transfer or a way in from outside
        }
        current = b;
    }

    private TranslatedBlock translate(int eip) {
        TranslatedBlock b = build(eip, cacheTop);
        cacheTop += (b.cacheLength() + 15) & ~15;
        cache.put(eip, b);
        for (int p : b.physicalPages()) {
            blocksByPage.computeIfAbsent(p, k -> new HashSet<>()).add(eip);
        }
        stats.translatedBlocks++;
        stats.translatedInstructions += b.instructions();
        charge(VmmStats.Category.TRANSLATION, (long) cost.translate() * b.instructions());
        if (hw.tracing()) {
            hw.emit(new Event.BlockTranslated(hw.nextSeq(), hw.cycles(), eip, b.guestLength(), b.instructions(),
                    b.cacheAddress(), b.cacheLength()));
        }
        return b;
    }

    /** A guest code byte, read the way the VMM reads guest memory: through the page tables, touching nothing. */
    private int peek(int linear) {
        int physical = hw.probe(linear);
        if (physical < 0) {
            throw CpuFault.withCode(CpuFault.PF, 0, "not mapped");
        }
        return hw.memory().read8(physical);
    }

    private TranslatedBlock preview(int eip) {
        try {
            return build(eip, cacheTop);
        } catch (CpuFault f) {
            return null;
        }
    }

    /** Translates the block at {@code eip}, to sit at {@code cacheAddress}: no side effects. */
    private TranslatedBlock build(int eip, int cacheAddress) {
        List<TranslatedBlock.Entry> entries = new ArrayList<>();
        Set<Integer> pages = new java.util.TreeSet<>();
        int address = eip;
        int offset = 0;
        TranslatedBlock.Exit exit = TranslatedBlock.Exit.DIRECT;
        while (entries.size() < MAX_BLOCK) {
            Decoded d;
            int physical = hw.probe(address);
            if (physical < 0) {
                break;
            }
            try {
                d = dev.ringscope.isa.Decoder.decode(a -> peek((int) a), address & 0xFFFF_FFFFL);
            } catch (CpuFault f) {
                break;
            }
            if (!d.isValid()) {
                if (entries.isEmpty()) {
                    entries.add(new TranslatedBlock.Entry(address, new byte[0], "(invalid)", TranslatedBlock.Kind.CALLOUT,
                            "call vmm_raise_ud", 0, 5));
                }
                break;
            }
            pages.add(physical >>> PhysicalMemory.PAGE_SHIFT);
            byte[] bytes = new byte[d.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) peek(address + i);
            }
            Instruction insn = d.instruction();
            TranslatedBlock.Kind kind = kind(insn, d.form() == null ? null : d.form().privilege(), address);
            String text = translation(insn, kind, bytes.length);
            int length = kind == TranslatedBlock.Kind.IDENT ? bytes.length
                    : kind == TranslatedBlock.Kind.INLINE ? 7 : kind == TranslatedBlock.Kind.BRANCH ? 6 : 5;
            entries.add(new TranslatedBlock.Entry(address, bytes, insn.toString(), kind, text, offset, length));
            offset += length;
            address += d.length();
            if (endsBlock(insn)) {
                exit = kind == TranslatedBlock.Kind.BRANCH ? TranslatedBlock.Exit.DIRECT : TranslatedBlock.Exit.INDIRECT;
                break;
            }
        }
        if (entries.isEmpty()) {
            // nothing readable: the instruction fetch will fault, natively
            entries.add(new TranslatedBlock.Entry(eip, new byte[0], "(unreadable)", TranslatedBlock.Kind.IDENT, "", 0, 0));
        }
        return new TranslatedBlock(eip, address - eip, cacheAddress, offset, List.copyOf(entries), exit,
                List.copyOf(pages));
    }

    private TranslatedBlock.Kind kind(Instruction insn, PrivilegeClass privilege, int address) {
        Mnemonic op = insn.mnemonic();
        if (adapted.contains(address)) {
            return TranslatedBlock.Kind.CALLOUT;
        }
        if (apicInline.contains(address)) {
            return TranslatedBlock.Kind.INLINE;
        }
        if (Syntax.isBranch(op) && !(insn.operands().size() > 0 && !(insn.operand(0) instanceof Operand.Imm))) {
            return TranslatedBlock.Kind.BRANCH;
        }
        switch (op) {
            case CLI, STI, PUSHFD, POPFD, PUSHFW, POPFW, SGDT, SIDT, SLDT, STR, SMSW, LAR, LSL, VERR, VERW -> {
                return TranslatedBlock.Kind.INLINE;
            }
            case PUSH -> {
                return isSegment(insn.operand(0)) ? TranslatedBlock.Kind.INLINE : TranslatedBlock.Kind.IDENT;
            }
            case MOV -> {
                if (isControl(insn.operand(0)) || isControl(insn.operand(1))
                        || insn.operand(0) instanceof Operand.Reg r && r.register() == Register.SS) {
                    return TranslatedBlock.Kind.CALLOUT;
                }
                return isSegment(insn.operand(1)) ? TranslatedBlock.Kind.INLINE : TranslatedBlock.Kind.IDENT;
            }
            case POP -> {
                return insn.operand(0) instanceof Operand.Reg r && r.register() == Register.SS
                        ? TranslatedBlock.Kind.CALLOUT : TranslatedBlock.Kind.IDENT;
            }
            case IRETD, RETF -> {
                return TranslatedBlock.Kind.CALLOUT; // the VMM returns for the guest (virtual IF, ring 1 selectors)
            }
            case RET, JMP, CALL -> {
                return TranslatedBlock.Kind.DISPATCH; // indirect (a register or memory operand) or a return
            }
            default -> {
                if (privilege != null && privilege.kind() != PrivilegeClass.Kind.INNOCUOUS
                        && privilege.kind() != PrivilegeClass.Kind.SENSITIVE_UNPRIVILEGED) {
                    return TranslatedBlock.Kind.CALLOUT;
                }
                return TranslatedBlock.Kind.IDENT;
            }
        }
    }

    private static boolean isSegment(Operand o) {
        return o instanceof Operand.Reg r && r.register().kind() == Register.Kind.SEGMENT;
    }

    private static boolean isControl(Operand o) {
        return o instanceof Operand.Reg r && r.register().kind() == Register.Kind.CONTROL;
    }

    private static boolean endsBlock(Instruction insn) {
        Mnemonic op = insn.mnemonic();
        return Syntax.isBranch(op) || switch (op) {
            case RET, RETF, IRETD, INT, INT3, SYSEXIT, SYSENTER, HLT, UD2 -> true;
            default -> false;
        };
    }

    /** The translated code for one instruction, as text. */
    private static String translation(Instruction insn, TranslatedBlock.Kind kind, int length) {
        Mnemonic op = insn.mnemonic();
        return switch (kind) {
            case IDENT -> insn.toString();
            case BRANCH -> insn.mnemonic().lowerName() + " tc:" + insn.operand(0) + "  ; chained to the target's translation";
            case DISPATCH -> switch (op) {
                case RET -> "pop ecx; jmp vmm_dispatch  ; look up the return address in the cache";
                default -> "jmp vmm_dispatch  ; look up " + insn.operand(0) + " in the cache";
            };
            case INLINE -> switch (op) {
                case CLI -> "mov byte [vcpu.if], 0";
                case STI -> "mov byte [vcpu.if], 1; test [vcpu.pending], 1; jnz vmm_deliver";
                case PUSHFD -> "push dword [vcpu.eflags]";
                case PUSHFW -> "push word [vcpu.eflags]";
                case POPFD -> "pop dword [vcpu.eflags]; test [vcpu.pending], 1; jnz vmm_deliver";
                case POPFW -> "pop word [vcpu.eflags]; test [vcpu.pending], 1; jnz vmm_deliver";
                case SGDT, SIDT -> "copy vcpu." + (op == Mnemonic.SGDT ? "gdtr" : "idtr") + " to " + insn.operand(0);
                case MOV -> insn.operand(0) instanceof Operand.Mem
                        ? "mov [vcpu.tpr], " + insn.operand(1) + "  ; the APIC's TPR, virtual"
                        : "mov " + insn.operand(0) + ", [vcpu.tpr]  ; the APIC's TPR, virtual";
                default -> "; " + insn + " on the virtual CPU (vcpu." + op.lowerName() + ")";
            };
            case CALLOUT -> op == Mnemonic.IRETD ? "call vmm_iret  ; the VMM returns for the guest"
                    : "call vmm_" + op.lowerName() + "  ; " + insn;
        };
    }

    // ---------------------------------------------------------------- invalidation

    @Override
    public void codeWritten(int physical, int length) {
        int first = physical >>> PhysicalMemory.PAGE_SHIFT;
        int last = (physical + Math.max(1, length) - 1) >>> PhysicalMemory.PAGE_SHIFT;
        for (int page = first; page <= last; page++) {
            Set<Integer> eips = blocksByPage.get(page);
            if (eips == null || eips.isEmpty()) {
                continue;
            }
            List<TranslatedBlock> stale = new ArrayList<>();
            for (int eip : eips) {
                TranslatedBlock b = cache.get(eip);
                if (b != null) {
                    stale.add(b);
                }
            }
            for (TranslatedBlock b : stale) {
                removeBlock(b);
            }
            stats.invalidations++;
            if (hw.tracing()) {
                hw.emit(new Event.TranslationInvalidated(hw.nextSeq(), hw.cycles(), page << PhysicalMemory.PAGE_SHIFT,
                        stale.size(), String.format("the guest wrote %d byte(s) at 0x%08X, on a page of translated code",
                        length, physical)));
            }
        }
    }

    private void drop(TranslatedBlock b, String reason) {
        removeBlock(b);
        stats.invalidations++;
        if (hw.tracing()) {
            int page = b.physicalPages().isEmpty() ? 0 : b.physicalPages().get(0) << PhysicalMemory.PAGE_SHIFT;
            hw.emit(new Event.TranslationInvalidated(hw.nextSeq(), hw.cycles(), page, 1, reason));
        }
    }

    private void removeBlock(TranslatedBlock b) {
        cache.remove(b.guestAddress());
        for (int p : b.physicalPages()) {
            Set<Integer> s = blocksByPage.get(p);
            if (s != null) {
                s.remove(b.guestAddress());
            }
        }
        chains.removeIf(link -> (int) (link >>> 32) == b.guestAddress() || (int) (long) link == b.guestAddress());
        if (current == b) {
            current = null;
            expectedNext = -1;
        }
    }

    // ---------------------------------------------------------------- adaptive translation of page-table writes

    @Override
    protected void tracedPageTableWrite(int physical, int linear) {
        int eip = currentEip;
        if (cpu.cpl != 3 && adapted.contains(eip)) {
            // already a callout: the VMM applies the write without a fault
            stats.pageTableTraces++;
            stats.callouts++;
            charge(VmmStats.Category.VMM, cost.callout() + cost.ptTrace() / 4);
            return;
        }
        super.tracedPageTableWrite(physical, linear);
        if (cpu.cpl != 3 && traceCounts.merge(eip, 1, Integer::sum) >= ADAPT_AFTER && adapted.add(eip)) {
            TranslatedBlock b = blockContaining(eip);
            if (b != null) {
                drop(b, "adaptive translation: the page-table write at " + hex(eip) + " becomes a callout");
            }
        }
    }

    // ---------------------------------------------------------------- the local APIC

    /*
     * The first access by a kernel instruction to the APIC page traps (RingCompressed.apicTrap); the
     * VMM then retranslates that instruction into a load or store on its virtual APIC, so it never
     * traps again. VMware's VMM did this for the TPR accesses of 32-bit Windows, which it found
     * in the guest's code and rewrote.
     */

    @Override
    public boolean apicWrite(int offset, int value) {
        if (!inlinedApicAccess()) {
            return super.apicWrite(offset, value);
        }
        if (offset == dev.ringscope.machine.LocalApic.TPR) {
            virtualTpr = value & 0xFF;
        }
        return true;
    }

    @Override
    public long apicRead(int offset) {
        if (!inlinedApicAccess()) {
            return super.apicRead(offset);
        }
        return offset == dev.ringscope.machine.LocalApic.TPR ? virtualTpr : 0;
    }

    /** Whether the translated instruction running now is one the VMM rewrote to use the virtual APIC (then charged). */
    private boolean inlinedApicAccess() {
        if (!watchesCode(cpu.cpl) || !apicInline.contains(currentEip)) {
            return false;
        }
        charge(VmmStats.Category.VMM, cost.inline());
        return true;
    }

    @Override
    protected void apicTrap(String what) {
        super.apicTrap(what);
        if (watchesCode(cpu.cpl) && apicInline.add(currentEip)) {
            TranslatedBlock b = blockContaining(currentEip);
            if (b != null) {
                drop(b, "the APIC access at " + hex(currentEip) + " becomes inline code on the virtual APIC");
            }
        }
    }

    // ---------------------------------------------------------------- snapshots

    private record BtState(Object base, Map<Integer, TranslatedBlock> cache, Map<Integer, Set<Integer>> byPage,
                           Set<Long> chains, Map<Integer, Integer> traceCounts, Set<Integer> adapted,
                           Set<Integer> apicInline, int cacheTop,
                           int current, int expectedNext, int position, int currentEip) {
    }

    @Override
    protected Object saveState() {
        Map<Integer, Set<Integer>> byPage = new HashMap<>();
        blocksByPage.forEach((k, v) -> byPage.put(k, new HashSet<>(v)));
        return new BtState(super.saveState(), new LinkedHashMap<>(cache), byPage, new HashSet<>(chains),
                new HashMap<>(traceCounts), new HashSet<>(adapted), new HashSet<>(apicInline), cacheTop,
                current == null ? -1 : current.guestAddress(), expectedNext, position, currentEip);
    }

    @Override
    protected void restoreState(Object state) {
        BtState s = (BtState) state;
        super.restoreState(s.base);
        cache = new LinkedHashMap<>(s.cache);
        blocksByPage = new HashMap<>();
        s.byPage.forEach((k, v) -> blocksByPage.put(k, new HashSet<>(v)));
        chains = new HashSet<>(s.chains);
        traceCounts = new HashMap<>(s.traceCounts);
        adapted = new HashSet<>(s.adapted);
        apicInline = new HashSet<>(s.apicInline);
        cacheTop = s.cacheTop;
        current = s.current == -1 ? null : cache.get(s.current);
        expectedNext = s.expectedNext;
        position = s.position;
        currentEip = s.currentEip;
    }
}
