package dev.ringscope.machine;

import java.nio.charset.StandardCharsets;

/**
 * What CPUID says about the CPU RingScope models (SDM Vol. 2A CPUID): an honest i686. The vendor
 * is "RingScope686", not a real vendor, so no program mistakes it for a chip; the brand string
 * (leaves 8000_0002h–8000_0004h) says what it is. Leaf 1: family 6 (P6), and the feature bits of
 * what is modelled — PSE, TSC, MSR, CX8 (CMPXCHG8B), APIC (its page at 0xFEE00000, of which the TPR
 * is modelled: LocalApic), SEP (SYSENTER/SYSEXIT), CMOV — and nothing else: no FPU (x87, see
 * NoFpu), no MMX or SSE, no PAE or PGE.
 * A leaf above the highest one returns the highest basic leaf's data, as Intel CPUs and QEMU do.
 */
final class CpuId {

    private static final int MAX_BASIC = 1;
    private static final int MAX_EXTENDED = 0x8000_0004;
    // CPUID.01H:EDX bits (SDM Vol. 2A Table 3-11)
    private static final int PSE = 1 << 3, TSC = 1 << 4, MSR = 1 << 5, CX8 = 1 << 8, APIC = 1 << 9, SEP = 1 << 11, CMOV = 1 << 15;
    static final int FEATURES = PSE | TSC | MSR | CX8 | APIC | SEP | CMOV;
    /** Family 6, model 6, stepping 3 (a P6 with SYSENTER: SEP is valid from model 3, stepping 3). */
    static final int SIGNATURE = 0x0000_0663;
    static final String VENDOR = "RingScope686";
    static final String BRAND = "RingScope teaching i686 - integer only - no FPU";

    private CpuId() {
    }

    /** EAX, EBX, ECX, EDX for the leaf in EAX. */
    static int[] leaf(int eax) {
        int leaf = eax;
        boolean extended = Integer.compareUnsigned(leaf, 0x8000_0000) >= 0;
        if (extended ? Integer.compareUnsigned(leaf, MAX_EXTENDED) > 0 : leaf > MAX_BASIC) {
            leaf = MAX_BASIC;
        }
        return switch (leaf) {
            case 0 -> new int[] {MAX_BASIC, word(VENDOR, 0), word(VENDOR, 8), word(VENDOR, 4)};
            case 1 -> new int[] {SIGNATURE, 0, 0, FEATURES};
            case 0x8000_0000 -> new int[] {MAX_EXTENDED, 0, 0, 0};
            case 0x8000_0002, 0x8000_0003, 0x8000_0004 -> {
                int at = (leaf - 0x8000_0002) * 16;
                yield new int[] {word(BRAND, at), word(BRAND, at + 4), word(BRAND, at + 8), word(BRAND, at + 12)};
            }
            default -> new int[] {0, 0, 0, 0}; // 8000_0001h: no extended features
        };
    }

    /** Four characters of {@code text} from {@code at} as CPUID returns them (little-endian, NUL padded). */
    private static int word(String text, int at) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | (at + i < b.length ? b[at + i] & 0xFF : 0);
        }
        return v;
    }
}
