package dev.ringscope.machine.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One random test case: a start state and the instructions run from it.
 *
 * @param index   the sequence's number in the run (what the guest prints first on its lines)
 * @param initial the registers, flags and scratch memory it starts from
 * @param steps   the instructions, in order (a step may be a few instructions that go together, or a label)
 */
public record Sequence(int index, State initial, List<Step> steps) {

    /** Register names in encoding order (ModRM numbering): the order of {@link State#registers()}. */
    public static final List<String> REGISTERS = List.of("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi");

    public Sequence {
        steps = List.copyOf(steps);
    }

    /**
     * The start state.
     *
     * @param registers  EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI
     * @param eflags     loaded with POPFD before the first instruction
     * @param memorySeed the xorshift32 seed the guest fills its 1 KiB of scratch memory from
     * @param pokes      dwords written over that fill (corner values), as offset/value pairs
     */
    public record State(int[] registers, int eflags, int memorySeed, List<int[]> pokes) {
        public State {
            registers = registers.clone();
            pokes = List.copyOf(pokes);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                s.append(REGISTERS.get(i)).append('=').append(hex(registers[i])).append(' ');
            }
            s.append("eflags=").append(hex(eflags)).append(" memory: xorshift32 from ").append(hex(memorySeed));
            for (int[] p : pokes) {
                s.append(String.format(Locale.ROOT, ", [+0x%x]=%s", p[0], hex(p[1])));
            }
            return s.toString();
        }
    }

    /**
     * A step: NASM lines that run together ({@code " | "} between them in listings), or a label
     * ({@code label} set, no code) that a forward branch of an earlier step jumps to.
     *
     * @param template the table line the step was made from (null for a label)
     */
    public record Step(List<String> lines, String label, String template) {
        public Step {
            lines = List.copyOf(lines);
        }

        public static Step code(List<String> lines, String template) {
            return new Step(lines, null, template);
        }

        static Step label(String name) {
            return new Step(List.of(), name, null);
        }

        public boolean isLabel() {
            return label != null;
        }

        @Override
        public String toString() {
            return isLabel() ? label + ":" : String.join(" | ", lines);
        }
    }

    /** The same sequence without the step at {@code i} (labels stay, so branches still assemble). */
    public Sequence without(int i) {
        List<Step> fewer = new ArrayList<>(steps);
        fewer.remove(i);
        return new Sequence(index, initial, fewer);
    }

    /** The same sequence without labels no branch names any more (after shrinking). */
    public Sequence withoutUnusedLabels() {
        List<Step> kept = new ArrayList<>();
        for (Step step : steps) {
            boolean named = steps.stream().flatMap(t -> t.lines().stream())
                    .anyMatch(line -> line.matches(".*\\s" + java.util.regex.Pattern.quote(step.label() == null ? "" : step.label()) + "$"));
            if (!step.isLabel() || named) {
                kept.add(step);
            }
        }
        return new Sequence(index, initial, kept);
    }

    /** The same instructions and start state under another number. */
    public Sequence renumbered(int newIndex) {
        return new Sequence(newIndex, initial, steps);
    }

    /** How many steps are instructions (labels aside). */
    public int instructionCount() {
        return (int) steps.stream().filter(s -> !s.isLabel()).count();
    }

    /** "  1  add eax, ebx" lines, labels unindented; what a failure report shows. */
    public String listing() {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (Step step : steps) {
            if (step.isLabel()) {
                s.append("      ").append(step).append('\n');
            } else {
                s.append(String.format(Locale.ROOT, "  %3d  %s%n", ++n, step));
            }
        }
        return s.toString();
    }

    static String hex(int v) {
        return String.format(Locale.ROOT, "%08x", v);
    }
}
