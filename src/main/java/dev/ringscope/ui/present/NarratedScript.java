package dev.ringscope.ui.present;

import dev.ringscope.isa.Disassembler;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Narration;
import dev.ringscope.replay.Narrator;
import dev.ringscope.trace.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The presentation of a run without a lesson: each position is a step; the narration's sentence is on the
 * projector, its "why" in the speaker notes, and the step list is the ring crossings seen so far.
 */
public final class NarratedScript implements Presentation.Script {

    @Override
    public Step stepAt(MachineView view) {
        Narration n = Narrator.of(view);
        List<String> crossings = new ArrayList<>();
        for (Event.RingTransition t : view.trail()) {
            crossings.add(t.label() + ": ring " + ring(t.fromRing()) + " → " + ring(t.toRing()) + "  (event " + t.seq() + ")");
        }
        String heading = "Ring " + ring(view.ring()) + " · "
                + view.currentParty().label();
        return new Step(heading, instruction(view), n.sentence(), n.why(),
                view.ended() ? "The run has ended." : "The next ring crossing (PageDown), or the next instruction.",
                crossings, crossings.size() - 1);
    }

    private static String ring(int ring) {
        return ring < 0 ? "−" + -ring : Integer.toString(ring);
    }

    /** The current instruction as the projector heads it: address and disassembly. */
    public static String instruction(MachineView view) {
        if (view.current() == null) {
            return "before the first instruction";
        }
        String text = Disassembler.disassemble(view.current().bytes(), Integer.toUnsignedLong(view.current().eip()))
                .stream().map(Disassembler.Line::text).collect(Collectors.joining("; "));
        return String.format("%08X  %s", view.current().eip(), text);
    }
}
