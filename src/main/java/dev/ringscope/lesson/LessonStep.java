package dev.ringscope.lesson;

import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.Technique;
import java.util.List;
import java.util.Optional;

/**
 * One step of a lesson: run the guest to a point, say something about it, mark what it talks about.
 *
 * @param number     1-based, as the lecturer says it ("step 4")
 * @param technique  the technique this step runs under, if it switches from the lesson's (for this step only)
 * @param strictIsa  the instruction-set rules this step runs under, if it switches (for this step only)
 * @param cost       the cost preset this step runs under, if it switches (for this step only)
 * @param compare    techniques to open the comparison with (empty: no comparison)
 * @param question   asked before the point is shown, if any
 * @param rings      the picture of the rings this step shows, if it chooses one (it stays until another step chooses)
 * @param host       the host this step runs on, if not type 1 (for this step only; docs/hypervisor-types.md)
 */
public record LessonStep(int number, String title, RunPoint runTo, Markup narration, List<Highlight> highlights,
                         Optional<Technique> technique, Optional<Boolean> strictIsa, Optional<CostModel> cost,
                         List<Technique> compare,
                         String notes, Optional<Question> question, Optional<RingPicture> rings,
                         Optional<HostType> host) {

    public LessonStep {
        highlights = List.copyOf(highlights);
        compare = List.copyOf(compare);
        rings = rings == null ? Optional.empty() : rings;
        host = host == null ? Optional.empty() : host;
    }

    /** A step that leaves the ring picture as it is. */
    public LessonStep(int number, String title, RunPoint runTo, Markup narration, List<Highlight> highlights,
                      Optional<Technique> technique, Optional<Boolean> strictIsa, Optional<CostModel> cost,
                      List<Technique> compare, String notes, Optional<Question> question) {
        this(number, title, runTo, narration, highlights, technique, strictIsa, cost, compare, notes, question,
                Optional.empty(), Optional.empty());
    }
}
