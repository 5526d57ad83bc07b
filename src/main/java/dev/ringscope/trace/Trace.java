package dev.ringscope.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The events of a run, in order: an append-only log that holds millions of events without millions
 * of objects. Events are kept in columns — a kind byte, the cycle (as an int above the first cycle
 * of its chunk of 8192 events), and a few ints of payload each (see {@link EventLayout}), with
 * strings stored once — and an {@link Event} record is made only when asked for: about 20 bytes an
 * event for a typical run, against about 60 as records in a list. The position of an event is its sequence number.
 *
 * <p>One thread appends; any number of threads may read at the same time. A reader sees every event
 * below the {@link #size()} it read (the size is published with release/acquire ordering after the
 * event is written).
 */
public final class Trace implements Iterable<Event>, EventSink {

    private static final int CHUNK_BITS = 13;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(Trace.class, "size", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * CHUNK_SIZE events. Offsets are chars: CHUNK_SIZE * EventLayout.MAX_INTS fits in 16 bits. Cycles
     * are ints above the chunk's first cycle, until one does not fit; then the chunk switches to longs.
     */
    private static final class Chunk {
        final byte[] kinds = new byte[CHUNK_SIZE];
        final char[] offsets = new char[CHUNK_SIZE];
        final long firstCycle;
        final int[] cycleDeltas = new int[CHUNK_SIZE];
        /** Set once, if a cycle is too far from the first; volatile so readers see it whole. */
        volatile long[] cycles;
        /** Replaced (never changed in place below the published size) when it grows; volatile for readers. */
        volatile int[] payload = new int[CHUNK_SIZE * 3];

        Chunk(long firstCycle) {
            this.firstCycle = firstCycle;
        }

        long cycle(int i) {
            long[] wide = cycles;
            return wide != null ? wide[i] : firstCycle + cycleDeltas[i];
        }

        void setCycle(int i, long cycle) {
            long[] wide = cycles;
            long delta = cycle - firstCycle;
            if (wide == null && delta == (int) delta) {
                cycleDeltas[i] = (int) delta;
                return;
            }
            if (wide == null) {
                wide = new long[CHUNK_SIZE];
                for (int k = 0; k < i; k++) {
                    wide[k] = firstCycle + cycleDeltas[k];
                }
                wide[i] = cycle;
                cycles = wide;
            } else {
                wide[i] = cycle;
            }
        }
    }

    private volatile Chunk[] chunks = new Chunk[16];
    @SuppressWarnings("unused") // through SIZE
    private long size;
    private final StringTable strings = new StringTable();
    private final long[] counts = new long[EventKind.count()];

    // The appending thread's view of the last chunk.
    private Chunk tail;
    private long tailNumber = -1;
    private int[] tailPayload;
    private int tailUsed;

    /** The number of events; the next event's sequence number. */
    public long size() {
        return (long) SIZE.getAcquire(this);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Adds an event at the end.
     *
     * @throws IllegalArgumentException if its seq is not {@link #size()}, or a field cannot be stored
     *                                  (a null enum or byte array, an instruction over 15 bytes)
     */
    public void append(Event event) {
        long next = (long) SIZE.get(this);
        if (event.seq() != next) {
            throw new IllegalArgumentException("event seq " + event.seq() + " appended as event " + next
                    + "; a trace's seq numbers run 0, 1, 2, … without gaps");
        }
        if (event instanceof Event.InstructionRetired i) {
            byte[] bytes = i.bytes();
            if (bytes == null) {
                throw new IllegalArgumentException("bytes is null");
            }
            appendInstruction(i.cycle(), i.eip(), i.cpl(), bytes, 0, bytes.length);
        } else if (event instanceof Event.RegisterWrite r) {
            appendRegisterWrite(r.cycle(), r.register(), r.value());
        } else if (event instanceof Event.MemoryAccess m) {
            appendMemoryAccess(m.cycle(), m.linear(), m.physical(), m.size(), m.value(), m.write());
        } else {
            EventKind kind = EventKind.of(event);
            int at = reserve(event.cycle());
            commit(kind, event.cycle(), at, EventLayout.encodeOther(event, tailPayload, at, strings));
        }
    }

    /** Appends an {@link Event.InstructionRetired} without making the record; returns its seq. */
    @Override
    public void accept(Event event) {
        append(event);
    }

    @Override
    public void instructionRetired(long seq, long cycle, int eip, int cpl, byte[] bytes) {
        checkSeq(seq);
        appendInstruction(cycle, eip, cpl, bytes, 0, bytes.length);
    }

    @Override
    public void registerWrite(long seq, long cycle, ArchRegister register, int value) {
        checkSeq(seq);
        appendRegisterWrite(cycle, register, value);
    }

    @Override
    public void memoryAccess(long seq, long cycle, int linear, int physical, int size, int value, boolean write) {
        checkSeq(seq);
        appendMemoryAccess(cycle, linear, physical, size, value, write);
    }

    private void checkSeq(long seq) {
        if (seq != size()) {
            throw new IllegalArgumentException("event seq " + seq + " appended as event " + size());
        }
    }

    public long appendInstruction(long cycle, int eip, int cpl, byte[] code, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, code.length);
        int at = reserve(cycle);
        int used = EventLayout.encodeInstruction(tailPayload, at, eip, cpl, code, offset, length);
        return commit(EventKind.INSTRUCTION_RETIRED, cycle, at, used);
    }

    /** Appends an {@link Event.RegisterWrite} without making the record; returns its seq. */
    public long appendRegisterWrite(long cycle, ArchRegister register, int value) {
        int at = reserve(cycle);
        return commit(EventKind.REGISTER_WRITE, cycle, at,
                EventLayout.encodeRegisterWrite(tailPayload, at, register, value));
    }

    /** Appends an {@link Event.MemoryAccess} without making the record; returns its seq. */
    public long appendMemoryAccess(long cycle, int linear, int physical, int size, int value, boolean write) {
        int at = reserve(cycle);
        return commit(EventKind.MEMORY_ACCESS, cycle, at,
                EventLayout.encodeMemoryAccess(tailPayload, at, linear, physical, size, value, write));
    }

    /** The event at {@code index}, made on demand (a new record each call). */
    public Event get(long index) {
        Chunk chunk = chunkOf(index);
        int i = (int) index & CHUNK_MASK;
        return EventLayout.decode(EventKind.of(chunk.kinds[i]), index, chunk.cycle(i), chunk.payload,
                chunk.offsets[i], strings);
    }

    /**
     * The index of the last event of {@code kind} before index {@code end}, looking back at most
     * {@code lookBack} events; -1 if there is none there.
     */
    public long lastIndexOf(EventKind kind, long end, long lookBack) {
        long stop = Math.max(0, end - lookBack);
        for (long i = Math.min(end, size()) - 1; i >= stop; i--) {
            if (kindAt(i) == kind) {
                return i;
            }
        }
        return -1;
    }

    public EventKind kindAt(long index) {
        return EventKind.of(chunkOf(index).kinds[(int) index & CHUNK_MASK]);
    }

    public long cycleAt(long index) {
        return chunkOf(index).cycle((int) index & CHUNK_MASK);
    }

    /** How many events of each kind, as of now. */
    public Counters counts() {
        return new Counters(counts.clone());
    }

    /** The events from first to last, up to the size when iteration starts. */
    @Override
    public Iterator<Event> iterator() {
        long end = size();
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public Event next() {
                if (next >= end) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    private Chunk chunkOf(long index) {
        long size = size();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("event " + index + " of a trace of " + size);
        }
        return chunks[(int) (index >>> CHUNK_BITS)];
    }

    /** Makes room for one event's payload; returns where it goes. Nothing is visible until commit. */
    private int reserve(long cycle) {
        long number = (long) SIZE.get(this) >>> CHUNK_BITS;
        if (number != tailNumber) {
            startChunk(number, cycle);
        }
        if (tailUsed + EventLayout.MAX_INTS > tailPayload.length) {
            tailPayload = Arrays.copyOf(tailPayload, Math.min(tailPayload.length * 2, CHUNK_SIZE * EventLayout.MAX_INTS));
            tail.payload = tailPayload;
        }
        return tailUsed;
    }

    private long commit(EventKind kind, long cycle, int at, int used) {
        long seq = (long) SIZE.get(this);
        int i = (int) seq & CHUNK_MASK;
        tail.kinds[i] = (byte) kind.ordinal();
        tail.setCycle(i, cycle);
        tail.offsets[i] = (char) at;
        tailUsed = at + used;
        counts[kind.ordinal()]++;
        SIZE.setRelease(this, seq + 1);
        return seq;
    }

    private void startChunk(long number, long firstCycle) {
        if (tail != null) {
            tail.payload = Arrays.copyOf(tailPayload, tailUsed); // the full chunk keeps no slack
        }
        if (number >= Integer.MAX_VALUE) {
            throw new IllegalStateException("a trace holds at most 2^44 events");
        }
        Chunk[] directory = chunks;
        if (number == directory.length) {
            directory = Arrays.copyOf(directory, directory.length * 2);
        }
        tail = new Chunk(firstCycle);
        tailNumber = number;
        tailPayload = tail.payload;
        tailUsed = 0;
        directory[(int) number] = tail;
        chunks = directory;
    }

    /** Events per kind. */
    public static final class Counters {
        private final long[] counts;

        private Counters(long[] counts) {
            this.counts = counts;
        }

        public long of(EventKind kind) {
            return counts[kind.ordinal()];
        }

        public long total() {
            long total = 0;
            for (long count : counts) {
                total += count;
            }
            return total;
        }

        /** The kinds that occur, with their counts, in {@link EventKind} order. */
        public Map<EventKind, Long> asMap() {
            Map<EventKind, Long> map = new EnumMap<>(EventKind.class);
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] != 0) {
                    map.put(EventKind.of(k), counts[k]);
                }
            }
            return Collections.unmodifiableMap(map);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Counters c && Arrays.equals(counts, c.counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return asMap().toString();
        }
    }
}
