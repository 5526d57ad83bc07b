package dev.ringscope.trace;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who lives in which ring: a fact of the technique (and, later, the host type), known before the
 * first instruction runs and recorded in the trace header, so every view can say it from event 0.
 * Ring −1 stands for VMX root operation.
 *
 * <ul>
 *   <li>{@link #NATIVE}: the kernel in ring 0, user code in ring 3.</li>
 *   <li>{@link #RING_COMPRESSED} (trap-and-emulate, binary translation, paravirtual): the VMM keeps
 *       ring 0, the guest kernel is moved out to ring 1, guest user code stays in ring 3.</li>
 *   <li>{@link #VMX} (hardware assist): the guest kernel and user in non-root rings 0 and 3, the
 *       VMM in root operation, drawn as ring −1.</li>
 *   <li>The hosted and KVM layouts add a host world: the host kernel and the VMM's process
 *       (docs/hypervisor-types.md).</li>
 * </ul>
 *
 * A ring the layout does not name (ring 1 or 2 natively, which only a guest kernel can set up) is
 * the guest's system code: {@link #at} answers {@link Party#GUEST_KERNEL} for it, and it is not
 * {@link #occupied}.
 */
public final class RingOccupancy {

    public static final int LOWEST_RING = -1;
    public static final int HIGHEST_RING = 3;

    public static final RingOccupancy NATIVE = new RingOccupancy("native",
            Map.of(0, Party.GUEST_KERNEL, 3, Party.GUEST_USER), Set.of());
    public static final RingOccupancy RING_COMPRESSED = new RingOccupancy("ring-compressed",
            Map.of(0, Party.VMM, 1, Party.GUEST_KERNEL, 3, Party.GUEST_USER), Set.of());
    public static final RingOccupancy VMX = new RingOccupancy("vmx",
            Map.of(-1, Party.VMM, 0, Party.GUEST_KERNEL, 3, Party.GUEST_USER), Set.of());
    /** Binary translation hosted (VMware Workstation before VT-x): a host kernel and the VMM's process in the host world. */
    public static final RingOccupancy RING_COMPRESSED_HOSTED = new RingOccupancy("ring-compressed-hosted",
            RING_COMPRESSED.parties, Set.of(Party.HOST_KERNEL, Party.VMM_PROCESS));
    /** VT-x hosted: the VMM's world takes the exits; the host kernel and the VMM's process are in root rings 0 and 3. */
    public static final RingOccupancy VMX_HOSTED = new RingOccupancy("vmx-hosted",
            VMX.parties, Set.of(Party.HOST_KERNEL, Party.VMM_PROCESS));
    /** KVM: the host kernel (with the KVM module) takes the exits in root ring 0; the VMM's process is in root ring 3. */
    public static final RingOccupancy VMX_KVM = new RingOccupancy("vmx-kvm",
            Map.of(-1, Party.HOST_KERNEL, 0, Party.GUEST_KERNEL, 3, Party.GUEST_USER), Set.of(Party.VMM_PROCESS));

    private static final RingOccupancy[] KNOWN = {NATIVE, RING_COMPRESSED, VMX, RING_COMPRESSED_HOSTED, VMX_HOSTED,
            VMX_KVM};

    private final String name;
    private final Party[] byRing = new Party[HIGHEST_RING - LOWEST_RING + 1];
    private final Map<Integer, Party> parties;
    private final Set<Party> hostWorld;

    private RingOccupancy(String name, Map<Integer, Party> parties, Set<Party> hostWorld) {
        this.name = name;
        TreeMap<Integer, Party> sorted = new TreeMap<>(parties);
        sorted.forEach((ring, party) -> byRing[ring - LOWEST_RING] = party);
        this.parties = Collections.unmodifiableSortedMap(sorted);
        EnumSet<Party> host = EnumSet.noneOf(Party.class);
        host.addAll(hostWorld);
        this.hostWorld = Collections.unmodifiableSet(host);
    }

    /** The layout called {@code name} (as written in a trace header), or null. */
    public static RingOccupancy named(String name) {
        for (RingOccupancy o : KNOWN) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /**
     * The layout with exactly these parties: a known one, or a new one called {@code custom} (a
     * trace from a later version may know more layouts).
     *
     * @throws IllegalArgumentException for a ring number outside −1 … 3 or a null party
     */
    public static RingOccupancy of(Map<Integer, Party> parties) {
        return of(parties, Set.of());
    }

    /**
     * The layout with these parties in rings and these parties of a host around the hypervisor
     * ({@link #hostWorld}): a known one, or a new one called {@code custom}.
     *
     * @throws IllegalArgumentException as {@link #of(Map)}, or for a guest party named as the host's
     */
    public static RingOccupancy of(Map<Integer, Party> parties, Set<Party> hostWorld) {
        for (RingOccupancy o : KNOWN) {
            if (o.parties.equals(parties) && o.hostWorld.equals(hostWorld)) {
                return o;
            }
        }
        for (Party p : hostWorld) {
            if (p == null || p.hostRing() < 0 || p == Party.VMM) {
                throw new IllegalArgumentException(p + " is not a party of the host (HOST_KERNEL or VMM_PROCESS)");
            }
        }
        parties.forEach((ring, party) -> {
            if (ring == null || !isRing(ring) || party == null) {
                throw new IllegalArgumentException("ring " + ring + " with " + party + " is not a ring layout");
            }
        });
        return new RingOccupancy("custom", parties, hostWorld);
    }

    /**
     * The layout a version-1 trace's technique implies (those traces did not record it): the names
     * RingScope wrote there, with native for any other.
     */
    public static RingOccupancy impliedBy(String technique) {
        if (technique == null) {
            return NATIVE;
        }
        return switch (technique) {
            case "trap-emulate", "trap-and-emulate", "binary-translation", "paravirtual" -> RING_COMPRESSED;
            case "hardware-assisted" -> VMX;
            default -> NATIVE;
        };
    }

    /** The name a trace header records: {@code native}, {@code ring-compressed}, {@code vmx}. */
    public String name() {
        return name;
    }

    /** Whether {@code ring} is one a machine can be in: −1 … 3. */
    public static boolean isRing(int ring) {
        return ring >= LOWEST_RING && ring <= HIGHEST_RING;
    }

    /**
     * Who runs in {@code ring}: the layout's party, the guest's system code for a ring 1 or 2 the
     * layout leaves free, the VMM for ring −1. Never null.
     *
     * @throws IllegalArgumentException for a number that is no ring
     */
    public Party at(int ring) {
        if (!isRing(ring)) {
            throw new IllegalArgumentException("ring " + ring + " does not exist (rings are -1 to 3)");
        }
        Party p = byRing[ring - LOWEST_RING];
        if (p != null) {
            return p;
        }
        return ring < 0 ? Party.VMM : ring == 3 ? Party.GUEST_USER : Party.GUEST_KERNEL;
    }

    /**
     * The host's parties around the hypervisor that no guest ring holds: the host kernel and the
     * VMM's process under a hosted or KVM host (docs/hypervisor-types.md); empty on bare metal.
     */
    public Set<Party> hostWorld() {
        return hostWorld;
    }

    /** Whether a host operating system runs beside or under the VMM (a hosted or KVM layout). */
    public boolean hosted() {
        return !hostWorld.isEmpty();
    }

    /**
     * Where {@code party}, seen in {@code ring} of a crossing, sits in the accurate picture: on the
     * host's side (VMX root, or the host's world beside a hosted VMM's) in the ring it runs at
     * there, or -1 for the guest's side (where its ring is {@code ring}). SDM Vol. 3C §23.3: root
     * and non-root operation each have rings 0–3; ring −1 is the simplified picture's name for root.
     */
    public int hostSideRing(int ring, Party party) {
        if (ring < 0 || hostWorld.contains(party)) {
            return Math.max(0, party.hostRing());
        }
        return -1;
    }

    /** Who lives on the host's side in {@code hostRing} (0 or 3) in the accurate picture, lowest party first. */
    public java.util.List<Party> onHostSide(int hostRing) {
        java.util.List<Party> who = new java.util.ArrayList<>();
        if (hasRootRing() && byRing[0].hostRing() == hostRing) {
            who.add(byRing[0]);
        }
        for (Party p : hostWorld) {
            if (p.hostRing() == hostRing && !who.contains(p)) {
                who.add(p);
            }
        }
        return who;
    }

    /** Whether the accurate picture has a host side to draw: VMX root, or a host world. */
    public boolean hasHostSide() {
        return hasRootRing() || hosted();
    }

    /** Whether the layout names someone in {@code ring}. */
    public boolean occupied(int ring) {
        return isRing(ring) && byRing[ring - LOWEST_RING] != null;
    }

    /** Whether there is a VMX root ring (−1) to draw. */
    public boolean hasRootRing() {
        return occupied(-1);
    }

    /** The ring the guest kernel runs in: 0 natively and under VT-x, 1 under ring compression. */
    public int guestKernelRing() {
        for (int r = LOWEST_RING; r <= HIGHEST_RING; r++) {
            if (byRing[r - LOWEST_RING] == Party.GUEST_KERNEL) {
                return r;
            }
        }
        return 0;
    }

    /** The rings named, lowest first, with who is in each. */
    public Map<Integer, Party> parties() {
        return parties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingOccupancy other && other.parties.equals(parties) && other.hostWorld.equals(hostWorld);
    }

    @Override
    public int hashCode() {
        return parties.hashCode() * 31 + hostWorld.hashCode();
    }

    @Override
    public String toString() {
        return name + parties + (hostWorld.isEmpty() ? "" : " host " + hostWorld);
    }
}
