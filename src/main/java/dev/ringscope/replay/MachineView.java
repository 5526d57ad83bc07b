package dev.ringscope.replay;

import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Party;
import dev.ringscope.trace.RingOccupancy;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the screen shows at one point of a run, derived from the events before that point and from
 * nothing else: a live run and its recorded {@code .jsonl} trace give equal views. An immutable value;
 * {@link ViewBuilder} makes them.
 *
 * @param position            how many events are folded in: the view after events {@code 0 … position-1}
 * @param instructionsRetired InstructionRetired events among them
 * @param cycle               the cycle of the last event, 0 before any
 * @param registers           every register written so far, with its latest value. The trace does not
 *                            carry the state at boot, so a register the run never wrote is absent; EIP
 *                            is never written ({@link #current()} says where execution is)
 * @param current             the instruction shown as last executed, null before the first
 * @param step                what the last step did (registers and memory to highlight)
 * @param ring                the ring execution is in: the CPL of the last instruction or the target
 *                            of the last ring transition; 0 before either
 * @param rings               who lives in which ring: the technique's layout, from the trace header (or
 *                            the live machine), the same at every position of the run
 * @param firstInRing         the index of the first instruction retired in each ring so far
 * @param trail               the last {@link ViewBuilder#TRAIL_LENGTH} ring transitions, oldest first;
 *                            each carries its event index (seq), cause, vector and label
 * @param cyclesByRing        cycles spent in each ring: each instruction's cycles since the previous
 *                            instruction, counted in the ring it retired in
 * @param console             the console text so far (bounded)
 * @param counts              events of each kind so far; kinds not seen are absent
 * @param lastEvent           the last event folded in, null at position 0
 * @param runEnded            the RunEnded event, once folded in; null until then
 */
public record MachineView(long position, long instructionsRetired, long cycle, Map<ArchRegister, Integer> registers,
                          CurrentInstruction current, Step step, int ring, RingOccupancy rings,
                          SortedMap<Integer, Long> firstInRing,
                          List<Event.RingTransition> trail, SortedMap<Integer, Long> cyclesByRing,
                          ConsoleText console, Map<EventKind, Long> counts, ShownEvent lastEvent,
                          Event.RunEnded runEnded) {

    public MachineView {
        registers = Collections.unmodifiableMap(Step.copyOf(registers));
        java.util.Objects.requireNonNull(rings, "rings");
        firstInRing = Collections.unmodifiableSortedMap(new TreeMap<>(firstInRing));
        trail = List.copyOf(trail);
        cyclesByRing = Collections.unmodifiableSortedMap(new TreeMap<>(cyclesByRing));
        EnumMap<EventKind, Long> kinds = new EnumMap<>(EventKind.class);
        kinds.putAll(counts);
        counts = Collections.unmodifiableMap(kinds);
    }

    /** The current instruction's index among retired instructions, or -1 before the first. */
    public long instructionIndex() {
        return instructionsRetired - 1;
    }

    public OptionalInt register(ArchRegister register) {
        Integer value = registers.get(register);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** Who runs in {@code ring}: the layout's party (never null; see {@link RingOccupancy#at}). */
    public Party party(int ring) {
        return rings.at(ring);
    }

    /**
     * Who runs where execution is now: the party the last crossing went to (under a hosted or KVM
     * host, ring −1 holds the host kernel and the VMM process in turn), or the layout's for the ring.
     */
    public Party currentParty() {
        if (!trail.isEmpty() && trail.get(trail.size() - 1).toRing() == ring) {
            return trail.get(trail.size() - 1).to();
        }
        return rings.at(ring);
    }

    /** The rings the layout names, lowest first, with who is in each. */
    public SortedMap<Integer, Party> parties() {
        return new TreeMap<>(rings.parties());
    }

    /** Whether the current instruction is the first the run retired in its ring. */
    public boolean firstInstructionInItsRing() {
        return current != null && Long.valueOf(current.index()).equals(firstInRing.get(current.cpl()));
    }

    /** Whether the RunEnded event is folded in. */
    public boolean ended() {
        return runEnded != null;
    }

    public long count(EventKind kind) {
        return counts.getOrDefault(kind, 0L);
    }
}
