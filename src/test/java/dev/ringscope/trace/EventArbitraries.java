package dev.ringscope.trace;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random events of every kind, with edge values (MIN/MAX ints, −1, nulls, empty and odd strings). */
final class EventArbitraries {

    private EventArbitraries() {
    }

    /** An event of any of the 18 kinds, with seq 0 (see {@link #renumbered}). */
    static Arbitrary<Event> events() {
        Arbitrary<Long> seq = Arbitraries.just(0L);
        Arbitrary<Long> cycle = Arbitraries.longs();
        Arbitrary<Integer> i = Arbitraries.integers();
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<String> s = strings();
        Arbitrary<Integer> cpl = Arbitraries.integers().between(-(1 << 27), (1 << 27) - 1);
        Arbitrary<Integer> size = Arbitraries.integers().between(-(1 << 30), (1 << 30) - 1);
        Arbitrary<byte[]> code = Arbitraries.bytes().array(byte[].class).ofMaxSize(15);
        Arbitrary<ArchRegister> register = Arbitraries.of(ArchRegister.class);
        Arbitrary<Party> party = Arbitraries.of(Party.class);
        Arbitrary<Cause> cause = Arbitraries.of(Cause.class);
        Arbitrary<StopReason> stop = Arbitraries.of(StopReason.class);

        List<Arbitrary<? extends Event>> kinds = new ArrayList<>();
        kinds.add(Combinators.combine(seq, cycle, i, cpl, code).as(Event.InstructionRetired::new));
        kinds.add(Combinators.combine(seq, cycle, register, i).as(Event.RegisterWrite::new));
        kinds.add(Combinators.combine(seq, cycle, i, i, size, i, b).as(Event.MemoryAccess::new));
        kinds.add(Combinators.combine(cycle, i, i, party, party, cause, i, s).as((c, fromRing, toRing, from, to, why,
                vector, label) -> new Event.RingTransition(0, c, fromRing, toRing, from, to, why, vector, label)));
        kinds.add(Combinators.combine(seq, cycle, i, s, i, i, s).as(Event.ExceptionRaised::new));
        kinds.add(Combinators.combine(seq, cycle, i, i, i).as(Event.InterruptDelivered::new));
        kinds.add(Combinators.combine(seq, cycle, s, i, i).as(Event.SystemCall::new));
        kinds.add(Combinators.combine(seq, cycle, i, size, i, b, s).as(Event.IoAccess::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, l, i).as(Event.VmExit::new));
        kinds.add(Combinators.combine(seq, cycle, b, i).as(Event.VmEntry::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, i, i, i, i).as(Event.Hypercall::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, s).as(Event.EmulatedInstruction::new));
        kinds.add(Combinators.combine(seq, cycle, i, i, i, i, i).as(Event.BlockTranslated::new));
        kinds.add(Combinators.combine(seq, cycle, i, i, s).as(Event.TranslationInvalidated::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, s, s).as(Event.VirtualizationHole::new));
        kinds.add(Combinators.combine(seq, cycle, i, s).as(Event.ConsoleOutput::new));
        kinds.add(Combinators.combine(seq, cycle, i, b).as(Event.GuestHalted::new));
        kinds.add(Combinators.combine(seq, cycle, stop, i, l, s).as(Event.RunEnded::new));
        Arbitrary<Integer> vm = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        kinds.add(Combinators.combine(seq, cycle, vm, vm, s, s).as(Event.VmSwitch::new));
        return Arbitraries.oneOf(kinds);
    }

    /**
     * Events with values a machine can produce (what a trace file reader accepts): rings −1 … 3, CPL 0 … 3,
     * 1 to 15 instruction bytes, vectors, IRQs, ports and sizes in range, counts not negative — and
     * otherwise the same edge values as {@link #events}.
     */
    static Arbitrary<Event> producible() {
        Arbitrary<Long> seq = Arbitraries.just(0L);
        Arbitrary<Long> cycle = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Integer> i = Arbitraries.integers();
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<String> s = strings();
        Arbitrary<Integer> ring = Arbitraries.integers().between(-1, 3);
        Arbitrary<Integer> cpl = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> size = Arbitraries.of(1, 2, 4);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<byte[]> code = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(15);
        Arbitrary<ArchRegister> register = Arbitraries.of(ArchRegister.class);
        Arbitrary<Party> party = Arbitraries.of(Party.class);
        Arbitrary<Cause> cause = Arbitraries.of(Cause.class);
        Arbitrary<StopReason> stop = Arbitraries.of(StopReason.class);

        List<Arbitrary<? extends Event>> kinds = new ArrayList<>();
        kinds.add(Combinators.combine(seq, cycle, i, cpl, code).as(Event.InstructionRetired::new));
        kinds.add(Combinators.combine(seq, cycle, register, i).as(Event.RegisterWrite::new));
        kinds.add(Combinators.combine(seq, cycle, i, i, size, i, b).as(Event.MemoryAccess::new));
        kinds.add(Combinators.combine(cycle, ring, Arbitraries.integers().between(1, 4), party, party, cause,
                Arbitraries.integers().between(-1, 255), s).as((c, fromRing, apart, from, to, why, vector, label) ->
                new Event.RingTransition(0, c, fromRing, (fromRing + 1 + apart) % 5 - 1, from, to, why, vector, label)));
        kinds.add(Combinators.combine(seq, cycle, Arbitraries.integers().between(0, 31), s, i, i, s)
                .as(Event.ExceptionRaised::new));
        kinds.add(Combinators.combine(seq, cycle, Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(0, 255), i).as(Event.InterruptDelivered::new));
        kinds.add(Combinators.combine(seq, cycle, Arbitraries.of("int 0x80", "sysenter", "int 0x81"), i, i)
                .as(Event.SystemCall::new));
        kinds.add(Combinators.combine(seq, cycle, Arbitraries.integers().between(0, 0xFFFF), size, i, b, s)
                .as(Event.IoAccess::new));
        kinds.add(Combinators.combine(seq, cycle, Arbitraries.integers().between(0, 0xFFFF), s, l, i)
                .as(Event.VmExit::new));
        kinds.add(Combinators.combine(seq, cycle, b, i).as(Event.VmEntry::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, i, i, i, i).as(Event.Hypercall::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, s).as(Event.EmulatedInstruction::new));
        kinds.add(Combinators.combine(seq, cycle, i, Arbitraries.integers().between(1, 1 << 16),
                Arbitraries.integers().between(1, 1 << 16), i, Arbitraries.integers().between(0, 1 << 20))
                .as(Event.BlockTranslated::new));
        kinds.add(Combinators.combine(seq, cycle, i, count, s).as(Event.TranslationInvalidated::new));
        kinds.add(Combinators.combine(seq, cycle, i, s, s, s).as(Event.VirtualizationHole::new));
        kinds.add(Combinators.combine(seq, cycle, i, s).as(Event.ConsoleOutput::new));
        kinds.add(Combinators.combine(seq, cycle, i, b).as(Event.GuestHalted::new));
        kinds.add(Combinators.combine(seq, cycle, stop, i, Arbitraries.longs().between(0, Long.MAX_VALUE), s)
                .as(Event.RunEnded::new));
        kinds.add(Combinators.combine(seq, cycle, count, count, s, s).as(Event.VmSwitch::new));
        return Arbitraries.oneOf(kinds);
    }

    /** Lists of events numbered 0, 1, 2, … as a trace needs. */
    static Arbitrary<List<Event>> sequences(int maxSize) {
        return events().list().ofMaxSize(maxSize).map(EventArbitraries::renumbered);
    }

    /** Lists of producible events, numbered. */
    static Arbitrary<List<Event>> producibleSequences(int maxSize) {
        return producible().list().ofMaxSize(maxSize).map(EventArbitraries::renumbered);
    }

    /** Short strings (repeats, so the string table is shared), any Unicode, control characters, null. */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of("int 0x80", "#GP", "IRQ 0", "iretd", "", "uart", "\"quoted\" \\ and\nnewline"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(5))
                .injectNull(0.1);
    }

    static List<Event> renumbered(List<Event> events) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(Events.withSeq(e, out.size()));
        }
        return out;
    }
}
