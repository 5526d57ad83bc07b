package dev.ringscope.lesson;

import dev.ringscope.trace.ArchRegister;

/**
 * What a step talks about, for the UI to mark: written in a lesson as a short string
 * ({@code "ring 0"}, {@code "register ESP"}, {@code "code user_main"}, {@code "code 0x108000"},
 * {@code "crossing"}, {@code "vmcs EXIT_REASON"}, {@code "comparison cycles"}).
 */
public sealed interface Highlight permits Highlight.Ring, Highlight.Register, Highlight.CodeLine, Highlight.Crossing,
        Highlight.VmcsField, Highlight.ComparisonRow {

    /** A ring of the ring view: 3 … 0, or -1 for VMX root. */
    record Ring(int ring) implements Highlight {
    }

    record Register(ArchRegister register) implements Highlight {
    }

    /** A line of the code view, by label or by address; a label's address comes from the guest's program. */
    record CodeLine(String label, Long address, Spot spot) implements Highlight {
    }

    /** The ring crossing the step has just shown. */
    record Crossing() implements Highlight {
    }

    /** A VMCS field, by its SDM name ({@link VmcsFieldName}). */
    record VmcsField(VmcsFieldName field) implements Highlight {
    }

    /** A row of the comparison table ({@link ComparisonRowName}). */
    record ComparisonRow(ComparisonRowName row) implements Highlight {
    }
}
