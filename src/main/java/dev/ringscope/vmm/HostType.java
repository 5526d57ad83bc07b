package dev.ringscope.vmm;

import dev.ringscope.trace.RingOccupancy;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a VM exit goes: the arrangement of the hypervisor and a host around it
 * (docs/hypervisor-types.md). Each kind has one model class behind {@link Host}.
 */
public enum HostType {
    TYPE1("type1", "Type 1 (bare metal)",
            "the VMM owns the machine and handles every exit itself (Xen, VMware ESX)"),
    TYPE2("type2", "Type 2 (hosted)",
            "the VMM is a host process with a driver in the host kernel; device I/O takes a world switch to the host"
                    + " (VMware Workstation)"),
    KVM("kvm", "KVM",
            "the host kernel's KVM module handles what it can; device I/O returns from KVM_RUN to the VMM process"
                    + " (QEMU)");

    private final String id;
    private final String title;
    private final String summary;

    HostType(String id, String title, String summary) {
        this.id = id;
        this.title = title;
        this.summary = summary;
    }

    /** The command-line name ({@code type2}). */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String summary() {
        return summary;
    }

    /** Whether a guest can run under {@code technique} on this host; see {@link #refusal}. */
    public boolean allows(Technique technique) {
        return refusal(technique) == null;
    }

    /**
     * Why {@code technique} does not run on this host, naming the combination, or null when it does.
     * The combinations are the ones real systems shipped (docs/hypervisor-types.md §Combinations):
     * hardware assist under all three; binary translation bare-metal (VMware ESX) and hosted (VMware
     * Workstation); paravirtualization and trap-and-emulate on bare metal only; native needs no host.
     */
    public String refusal(Technique technique) {
        if (this == TYPE1) {
            return null;
        }
        String combination = technique.id() + " under " + id + ": ";
        return switch (technique) {
            case HARDWARE_ASSISTED -> null;
            case BINARY_TRANSLATION -> this == TYPE2 ? null : combination
                    + "KVM needs VT-x or AMD-V and runs no guest by binary translation (Kivity et al. 2007);"
                    + " use type1 or type2 (VMware ESX and Workstation translated)";
            case PARAVIRTUAL -> combination
                    + "the paravirtual guest calls Xen by int 0x82, and Xen is a type 1 hypervisor (Barham et al. 2003);"
                    + " use type1";
            case TRAP_EMULATE -> combination
                    + "no hosted or KVM hypervisor ran x86 guests by trap-and-emulate alone (x86 is not classically"
                    + " virtualizable: Robin & Irvine 2000); use type1";
            case NATIVE -> combination + "a native run has no hypervisor, so no host to route exits through; use type1";
        };
    }

    /** Who lives where under {@code technique} on this host (the layouts of {@link RingOccupancy}). */
    public RingOccupancy rings(Technique technique) {
        RingOccupancy bare = technique.rings();
        if (this == TYPE1 || technique == Technique.NATIVE) {
            return bare;
        }
        if (technique != Technique.HARDWARE_ASSISTED) {
            return RingOccupancy.RING_COMPRESSED_HOSTED;
        }
        return this == KVM ? RingOccupancy.VMX_KVM : RingOccupancy.VMX_HOSTED;
    }

    /** The model of this host's hops, with the costs of {@code cost}. */
    Host model(CostModel cost) {
        return switch (this) {
            case TYPE1 -> new BareMetalHost();
            case TYPE2 -> new HostedHost(cost.host());
            case KVM -> new KvmHost(cost.host());
        };
    }

    public static HostType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (HostType h : values()) {
            if (h.id.equals(n) || h.name().equalsIgnoreCase(n)) {
                return h;
            }
        }
        switch (n) {
            case "type-1", "bare-metal", "baremetal" -> {
                return TYPE1;
            }
            case "type-2", "hosted" -> {
                return TYPE2;
            }
            default -> throw new IllegalArgumentException("unknown host '" + name + "': use one of "
                    + Arrays.stream(values()).map(HostType::id).collect(Collectors.joining(", ")));
        }
    }
}
