package dev.ringscope.ui;

import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javafx.collections.ObservableListBase;

/**
 * The rows of the event log: the sequence numbers of the events that pass the filter, in order, in
 * a growable {@code long[]} — a million rows cost 8 MB, not a million records — or, while nothing is
 * filtered out, no array at all: row i is event i (a 25-million-event run would otherwise hold 200 MB
 * of row numbers). Cells read the event from the {@link Trace} when they are shown. As the trace grows, {@link #catchUp} looks only at the
 * events added since the last call; a new filter rescans the whole trace once.
 */
final class EventLogRows extends ObservableListBase<Long> {

    /** How addresses are named in the text searched (the program's symbols, once the view has them). */
    dev.ringscope.replay.Narrator.Names names = dev.ringscope.replay.Narrator.Names.NONE;


    private final Trace trace;
    /** The rows' events, or null while every event is a row (row i is event i). */
    private long[] seqs;
    private int size;
    /** Events of the trace looked at so far. */
    private long scanned;
    private EnumSet<EventKind> kinds = EnumSet.allOf(EventKind.class);
    /** Lower case; empty matches everything. */
    private String search = "";

    EventLogRows(Trace trace) {
        this.trace = trace;
    }

    @Override
    public Long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size);
        }
        return seqs == null ? index : seqs[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** The last row whose event is at or before {@code seq}, or -1 if there is none. */
    int rowAtOrBefore(long seq) {
        if (seqs == null) {
            return (int) Math.min(seq, size - 1L);
        }
        int row = Arrays.binarySearch(seqs, 0, size, seq);
        return row >= 0 ? row : -row - 2; // not found: one before the insertion point
    }

    /** Shows only events of {@code kinds} whose description contains {@code search} (any case). */
    void setFilter(Set<EventKind> kinds, String search) {
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(EventKind.class) : EnumSet.copyOf(kinds);
        this.search = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        long[] oldSeqs = seqs;
        int oldSize = size;
        seqs = everything() ? null : new long[Math.max(1024, oldSize)];
        size = 0;
        scanned = 0;
        scanTo(trace.size());
        beginChange();
        if (oldSize > 0) {
            nextRemove(0, new Snapshot(oldSeqs, oldSize));
        }
        if (size > 0) {
            nextAdd(0, size);
        }
        endChange();
    }

    /** Adds the rows for the events appended to the trace since the last call. */
    void catchUp() {
        int from = size;
        scanTo(trace.size());
        if (size > from) {
            beginChange();
            nextAdd(from, size);
            endChange();
        }
    }

    private boolean everything() {
        return search.isEmpty() && kinds.size() == EventKind.values().length;
    }

    private void scanTo(long end) {
        if (seqs == null) {
            // a list's size is an int: a run of more events than that shows its first 2^31 - 1 in the log
            size = (int) Math.min(end, Integer.MAX_VALUE);
            scanned = end;
            return;
        }
        for (long i = scanned; i < end; i++) {
            if (kinds.contains(trace.kindAt(i)) && (search.isEmpty() || matchesSearch(i))) {
                if (size == seqs.length) {
                    seqs = Arrays.copyOf(seqs, seqs.length * 2);
                }
                seqs[size++] = i;
            }
        }
        scanned = end;
    }

    private boolean matchesSearch(long seq) {
        return EventLogDescription.of(trace.get(seq), names).toLowerCase(Locale.ROOT).contains(search)
                || EventLogDescription.kindLabel(trace.kindAt(seq)).contains(search);
    }

    /** The rows a filter change removed, for the change notification (no copy). */
    private static final class Snapshot extends AbstractList<Long> {
        private final long[] seqs;
        private final int size;

        Snapshot(long[] seqs, int size) {
            this.seqs = seqs;
            this.size = size;
        }

        @Override
        public Long get(int index) {
            return seqs == null ? index : seqs[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
