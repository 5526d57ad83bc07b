package dev.ringscope.trace;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first line of a trace file: what ran and how. It carries no wall-clock time, so the same run
 * written twice gives the same bytes.
 *
 * @param schemaVersion the trace format version ({@link #SCHEMA_VERSION} when written by this code)
 * @param technique     how the guest ran: native, trap-and-emulate, binary translation, …
 * @param costPreset    the name of the cycle-cost table
 * @param rings         who lives in which ring (version 2 on; a version-1 trace gets the layout its
 *                      technique implies, see {@link TraceReader})
 * @param options       run options by name; kept sorted by key so they are written in a stable order
 * @param createdBy     the program that wrote the file
 */
public record TraceHeader(int schemaVersion, String program, String technique, String isa, String costPreset,
                          RingOccupancy rings, Map<String, String> options, String createdBy) {

    /**
     * The format this code writes and the newest it reads. Version 2 added {@code rings}; version 1
     * traces still open (docs/trace-format.md).
     */
    public static final int SCHEMA_VERSION = 2;
    public static final String CREATED_BY = "RingScope";

    public TraceHeader {
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
        rings = rings == null ? RingOccupancy.NATIVE : rings;
    }

    /** A header for a trace this code writes now. */
    public static TraceHeader of(String program, String technique, String isa, String costPreset, RingOccupancy rings,
                                 Map<String, String> options) {
        return new TraceHeader(SCHEMA_VERSION, program, technique, isa, costPreset, rings, options, CREATED_BY);
    }
}
