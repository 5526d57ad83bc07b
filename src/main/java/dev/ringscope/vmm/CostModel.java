package dev.ringscope.vmm;

import dev.ringscope.machine.HardwareCosts;
import java.util.Locale;

/**
 * What every event costs, in simulated cycles: the bare hardware's part ({@link HardwareCosts})
 * and each VMM's. Two presets, calibrated against the published figures in REFERENCE.md §6:
 * {@link #P4_2006} is the setting of Adams &amp; Agesen (ASPLOS 2006) — a Pentium 4 with
 * first-generation VT-x (no EPT, CR3 exits forced on); {@link #MODERN} a Nehalem-or-later core with
 * EPT (an exit round trip about 1,300–2,000 cycles: Landau et al.; Dall et al., ISCA 2016).
 *
 * @param trap            a fault from guest code into the VMM in ring 0 and back (trap-and-emulate, BT traces)
 * @param emulate         the VMM decoding and carrying out one trapped instruction
 * @param reflect         the VMM building the guest's exception frame and entering its handler
 * @param deviceEmulation a port access served by the VMM's software device model
 * @param vmTransition    a VM exit plus the VM entry that resumes the guest (hardware)
 * @param exitHandling    the VMM's work for one exit (decode the exit information, dispatch)
 * @param ioExitHandling  the VMM's extra work for an I/O exit (route to the device model)
 * @param shadowFill      building one shadow page-table entry after a hidden page fault
 * @param ptTrace         a write to a write-protected guest page table, caught and emulated
 * @param hypercall       a paravirtual hypercall: {@code int 0x82} into the hypervisor and back
 * @param translate       binary translation, per guest instruction translated
 * @param inline          a sensitive instruction rewritten to a few inline instructions on the virtual CPU
 * @param callout         a translated instruction calling into the VMM
 * @param indirectLookup  a translation-cache look-up for an indirect branch or a block not chained yet
 * @param nestedWalk      extra cycles of a two-dimensional (EPT) page walk over a native one
 * @param host            the host's hops under a hosted or KVM hypervisor (docs/hypervisor-types.md §Costs)
 */
public record CostModel(String name, String description, HardwareCosts hardware, int trap, int emulate, int reflect,
                        int deviceEmulation, int vmTransition, int exitHandling, int ioExitHandling, int shadowFill,
                        int ptTrace, int hypercall, int translate, int inline, int callout, int indirectLookup,
                        int nestedWalk, HostCosts host) {

    /**
     * Pentium 4 with first-generation VT-x, as in Adams &amp; Agesen 2006: slow ISA-bus ports (their
     * native {@code in} takes 3,209 cycles), an exit round trip in the thousands, shadow paging only.
     * A local APIC access costs 140, the native CR8 write the paper implies (its BT VMM's 35 cycles
     * are "about four times faster than native").
     */
    public static final CostModel P4_2006 = new CostModel("2006",
            "Pentium 4 with first-generation VT-x (Adams & Agesen, ASPLOS 2006)",
            new HardwareCosts(600, 250, 200, 200, 40, 3150, 25, 140),
            600, 150, 1100, 60, 1800, 700, 12600, 600, 1200, 900, 120, 4, 120, 40, 0,
            // world switch = one VM exit round trip (a whole context with CR3, and the P4's TLB is untagged);
            // a user/kernel crossing = half a native int 0x80 + iretd (200 + 200); device model as the VMM's (60);
            // the host's write of a byte to its console: our assumption (docs/hypervisor-types.md)
            new HostCosts(1800, 200, 1500, 60));

    /**
     * A modern core with EPT: cheaper transitions, no exits for page faults or CR3 loads. The APIC
     * access (100) is our assumption: we know of no published figure.
     */
    public static final CostModel MODERN = new CostModel("modern",
            "a modern core with EPT and VPID (Landau et al., SplitX; Dall et al., ISCA 2016)",
            new HardwareCosts(250, 120, 90, 70, 25, 1500, 15, 100),
            250, 100, 400, 40, 1300, 400, 1500, 500, 600, 600, 100, 2, 80, 20, 25,
            // world switch = one VM exit round trip (1,300); a crossing = half of int 0x80 + iretd (90 + 70);
            // device model as the VMM's (40); the host's console write: our assumption
            new HostCosts(1300, 80, 700, 40));

    public static CostModel parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "2006", "p4", "p4-2006" -> P4_2006;
            case "modern" -> MODERN;
            default -> throw new IllegalArgumentException("unknown cost preset '" + name + "': use 2006 or modern");
        };
    }
}
