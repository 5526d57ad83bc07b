package dev.ringscope.vmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The VM-execution controls a hardware-assisted VMM sets in its VMCS (SDM Vol. 3C §25.6;
 * REFERENCE.md §3), with the bit each sits at. Settable from the command line:
 * {@code --vmcs hlt-exiting=off,ept=on,exception-bitmap=0x4000,io-bitmap=0x3f8-0x3ff}.
 *
 * @param externalInterruptExiting pin-based bit 0: every external interrupt exits (reason 1)
 * @param interruptWindowExiting   primary bit 2: exit when the guest can take an interrupt (reason 7)
 * @param hltExiting               primary bit 7 (reason 12)
 * @param invlpgExiting            primary bit 9 (reason 14)
 * @param rdtscExiting             primary bit 12 (reason 16)
 * @param cr3LoadExiting           primary bit 15 (reason 28)
 * @param cr3StoreExiting          primary bit 16 (reason 28)
 * @param unconditionalIoExiting   primary bit 24 (reason 30)
 * @param useIoBitmaps             primary bit 25: only the ports in {@code ioBitmap} exit
 * @param ioBitmap                 the ports whose bit is set in I/O bitmaps A/B
 * @param exceptionBitmap          bit n set: exception vector n exits (reason 0)
 * @param ept                      secondary bit 1: nested paging; off means shadow page tables
 * @param descriptorTableExiting   secondary bit 2 (reasons 46, 47)
 * @param tprShadow                primary bit 21 "use TPR shadow" with secondary bit 0 "virtualize APIC
 *                                 accesses": a guest write of the APIC's TPR goes to the virtual-APIC page and
 *                                 exits only when it drops below the TPR threshold (reason 43); other APIC
 *                                 registers exit as APIC accesses (reason 44) (SDM Vol. 3C §29.1, §29.4). Off: the
 *                                 VMM leaves the APIC page unmapped and every access exits (EPT violation, or #PF)
 */
public record VmcsControls(boolean externalInterruptExiting, boolean interruptWindowExiting, boolean hltExiting,
                           boolean invlpgExiting, boolean rdtscExiting, boolean cr3LoadExiting, boolean cr3StoreExiting,
                           boolean unconditionalIoExiting, boolean useIoBitmaps, Set<Integer> ioBitmap,
                           int exceptionBitmap, boolean ept, boolean descriptorTableExiting, boolean tprShadow) {

    public VmcsControls {
        ioBitmap = Set.copyOf(ioBitmap);
    }

    /**
     * First-generation VT-x (2006): no EPT, so shadow paging, with CR3 load/store exiting forced on,
     * INVLPG exiting and #PF in the exception bitmap. Modern: EPT, none of those. Both use the TPR
     * shadow: the paper's first-generation part had it for CR8 (only a CR8 write below the threshold
     * exited, Adams &amp; Agesen §6.4); for the 32-bit APIC page it stands in for that.
     */
    public static VmcsControls forPreset(CostModel cost) {
        boolean modern = cost == CostModel.MODERN;
        return new VmcsControls(true, true, true, !modern, false, !modern, !modern, true, false, Set.of(),
                modern ? 0 : 1 << 14, modern, false, true);
    }

    /** Pin-based VM-execution controls word. */
    public int pinBased() {
        return externalInterruptExiting ? 1 : 0;
    }

    /** Primary processor-based VM-execution controls word (bit 31: secondary controls active). */
    public int primary() {
        return (interruptWindowExiting ? 1 << 2 : 0) | (hltExiting ? 1 << 7 : 0) | (invlpgExiting ? 1 << 9 : 0)
                | (rdtscExiting ? 1 << 12 : 0) | (cr3LoadExiting ? 1 << 15 : 0) | (cr3StoreExiting ? 1 << 16 : 0)
                | (tprShadow ? 1 << 21 : 0) | (unconditionalIoExiting ? 1 << 24 : 0) | (useIoBitmaps ? 1 << 25 : 0)
                | 1 << 31;
    }

    public int secondary() {
        return (tprShadow ? 1 : 0) | (ept ? 1 << 1 : 0) | (descriptorTableExiting ? 1 << 2 : 0);
    }

    /** Whether an access to {@code port} exits (SDM Vol. 3C §26.1.3: bitmaps win when enabled). */
    public boolean ioExits(int port) {
        if (useIoBitmaps) {
            return ioBitmap.contains(port & 0xFFFF);
        }
        return unconditionalIoExiting;
    }

    public boolean exceptionExits(int vector) {
        return vector < 32 && (exceptionBitmap & (1 << vector)) != 0;
    }

    /** The names {@link #with} understands. */
    public static final List<String> NAMES = List.of("external-interrupt-exiting", "interrupt-window-exiting",
            "hlt-exiting", "invlpg-exiting", "rdtsc-exiting", "cr3-load-exiting", "cr3-store-exiting",
            "unconditional-io-exiting", "use-io-bitmaps", "io-bitmap", "exception-bitmap", "ept",
            "descriptor-table-exiting", "tpr-shadow");

    /**
     * These controls changed by {@code spec}: comma-separated {@code name=value}, booleans as
     * on/off/true/false/1/0, {@code exception-bitmap} a number, {@code io-bitmap} ports and ranges
     * joined by {@code +} ({@code 0x20-0x21+0x3f8}). Errors name the item and what is allowed.
     */
    public VmcsControls with(String spec) {
        VmcsControls c = this;
        if (spec == null || spec.isBlank()) {
            return c;
        }
        for (String item : spec.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("VMCS control '" + trimmed + "' needs a value: name=on|off");
            }
            String name = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(eq + 1).trim();
            c = switch (name) {
                case "external-interrupt-exiting" -> c.set(0, bool(name, value));
                case "interrupt-window-exiting" -> c.set(1, bool(name, value));
                case "hlt-exiting" -> c.set(2, bool(name, value));
                case "invlpg-exiting" -> c.set(3, bool(name, value));
                case "rdtsc-exiting" -> c.set(4, bool(name, value));
                case "cr3-load-exiting" -> c.set(5, bool(name, value));
                case "cr3-store-exiting" -> c.set(6, bool(name, value));
                case "unconditional-io-exiting" -> c.set(7, bool(name, value));
                case "use-io-bitmaps" -> c.set(8, bool(name, value));
                case "ept" -> c.set(9, bool(name, value));
                case "descriptor-table-exiting" -> c.set(10, bool(name, value));
                case "tpr-shadow" -> c.set(11, bool(name, value));
                case "exception-bitmap" -> new VmcsControls(c.externalInterruptExiting, c.interruptWindowExiting,
                        c.hltExiting, c.invlpgExiting, c.rdtscExiting, c.cr3LoadExiting, c.cr3StoreExiting,
                        c.unconditionalIoExiting, c.useIoBitmaps, c.ioBitmap, (int) number(name, value, 0xFFFF_FFFFL),
                        c.ept, c.descriptorTableExiting, c.tprShadow);
                case "io-bitmap" -> new VmcsControls(c.externalInterruptExiting, c.interruptWindowExiting,
                        c.hltExiting, c.invlpgExiting, c.rdtscExiting, c.cr3LoadExiting, c.cr3StoreExiting,
                        c.unconditionalIoExiting, true, ports(value), c.exceptionBitmap, c.ept, c.descriptorTableExiting,
                        c.tprShadow);
                default -> throw new IllegalArgumentException("unknown VMCS control '" + name + "': use one of "
                        + String.join(", ", NAMES));
            };
        }
        return c;
    }

    private VmcsControls set(int which, boolean v) {
        boolean[] b = {externalInterruptExiting, interruptWindowExiting, hltExiting, invlpgExiting, rdtscExiting,
                cr3LoadExiting, cr3StoreExiting, unconditionalIoExiting, useIoBitmaps, ept, descriptorTableExiting,
                tprShadow};
        b[which] = v;
        return new VmcsControls(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], ioBitmap, exceptionBitmap, b[9],
                b[10], b[11]);
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("VMCS control " + name + "=" + value + ": use on or off");
        };
    }

    private static long number(String name, String value, long max) {
        try {
            long v = value.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(value.substring(2), 16)
                    : Long.parseLong(value);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("VMCS control " + name + "=" + value + ": not a number from 0 to 0x"
                    + Long.toHexString(max));
        }
    }

    private static Set<Integer> ports(String value) {
        Set<Integer> ports = new TreeSet<>();
        if (value.isBlank()) {
            return ports;
        }
        for (String part : value.split("\\+")) {
            String[] range = part.trim().split("-");
            if (range.length > 2) {
                throw new IllegalArgumentException("io-bitmap: '" + part + "' is not a port or a range from-to");
            }
            int from = (int) number("io-bitmap", range[0].trim(), 0xFFFF);
            int to = range.length == 2 ? (int) number("io-bitmap", range[1].trim(), 0xFFFF) : from;
            if (to < from) {
                throw new IllegalArgumentException("io-bitmap: the range '" + part + "' ends before it starts");
            }
            for (int p = from; p <= to; p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    /** The controls as name=value lines, for the UI's VMCS panel and the trace header. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("external-interrupt-exiting=" + onOff(externalInterruptExiting));
        lines.add("interrupt-window-exiting=" + onOff(interruptWindowExiting));
        lines.add("hlt-exiting=" + onOff(hltExiting));
        lines.add("invlpg-exiting=" + onOff(invlpgExiting));
        lines.add("rdtsc-exiting=" + onOff(rdtscExiting));
        lines.add("cr3-load-exiting=" + onOff(cr3LoadExiting));
        lines.add("cr3-store-exiting=" + onOff(cr3StoreExiting));
        lines.add("unconditional-io-exiting=" + onOff(unconditionalIoExiting));
        lines.add("use-io-bitmaps=" + onOff(useIoBitmaps));
        lines.add(String.format("exception-bitmap=0x%X", exceptionBitmap));
        lines.add("ept=" + onOff(ept));
        lines.add("descriptor-table-exiting=" + onOff(descriptorTableExiting));
        lines.add("tpr-shadow=" + onOff(tprShadow));
        return lines;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
