package dev.ringscope.machine.differential;

import dev.ringscope.machine.differential.InstructionTable.Template;
import dev.ringscope.machine.differential.Sequence.State;
import dev.ringscope.machine.differential.Sequence.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Random sequences from the {@link InstructionTable}. Sequence {@code i} of seed {@code s} depends on
 * {@code (s, i)} alone, so a failing one can be made again by itself.
 *
 * <p>Memory operands must stay in the guest's 1 KiB of scratch memory whatever the instructions do to
 * the registers: they are absolute addresses, ESP-relative (ESP starts in the upper half and only PUSH
 * and POP move it), or relative to EBX/EBP when the sequence keeps those pointing at the lower half
 * (a pinned base, and a pinned index 0..15); no instruction in such a sequence writes a pinned register.
 */
public final class SequenceGenerator {

    static final int MAX_STEPS = 20;

    private static final String[] R8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final int ESP = 4;
    private static final int[] CORNERS = {0, 1, 2, -1, -2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFF80, 0xFFFF8000};

    private final List<Template> templates;
    private final int region;

    /** @param region the scratch memory's address in the guest (1 KiB: data below +512, stack above) */
    public SequenceGenerator(List<Template> templates, int region) {
        this.templates = List.copyOf(templates);
        this.region = region;
    }

    public Sequence generate(long seed, int index) {
        return new Builder(new Random(seed * 0x9E3779B97F4A7C15L + index), index).build();
    }

    private final class Builder {
        private final Random r;
        private final int index;
        private final Set<Integer> pinned = new HashSet<>();
        private int base = -1;
        private int indexReg = -1;
        private int labels;

        Builder(Random r, int index) {
            this.r = r;
            this.index = index;
        }

        Sequence build() {
            int[] regs = new int[8];
            for (int i = 0; i < 8; i++) {
                regs[i] = value32();
            }
            int pins = r.nextInt(5); // 0: none, 1-2: a base, 3-4: a base and an index
            if (pins > 0) {
                base = r.nextBoolean() ? 3 : 5;
                pinned.add(base);
                regs[base] = region + 192 + r.nextInt(64);
                if (pins > 2) {
                    indexReg = base == 3 ? 5 : 3;
                    pinned.add(indexReg);
                    regs[indexReg] = r.nextInt(16);
                }
            }
            regs[ESP] = region + 704 + r.nextInt(128);
            if (r.nextInt(4) > 0) {
                regs[ESP] &= ~3;
            }
            List<int[]> pokes = new ArrayList<>();
            for (int i = r.nextInt(7); i > 0; i--) {
                pokes.add(new int[] {r.nextInt(1021), CORNERS[r.nextInt(CORNERS.length)]});
            }
            State initial = new State(regs, eflags(), r.nextInt() | 1, pokes);

            List<Template> usable = templates.stream().filter(t -> t.writes().stream()
                    .noneMatch(w -> pinned.contains(Sequence.REGISTERS.indexOf(w)))).toList();
            List<Step> steps = new ArrayList<>();
            List<int[]> pending = new ArrayList<>(); // label number, steps still to go
            int count = 1 + r.nextInt(MAX_STEPS);
            for (int i = 0; i < count; i++) {
                Template t = usable.get(r.nextInt(usable.size()));
                steps.add(Step.code(instantiate(t, pending), t.line()));
                for (Iterator<int[]> it = pending.iterator(); it.hasNext(); ) {
                    int[] p = it.next();
                    if (p[1]-- == 0) {
                        steps.add(Step.label(labelName(p[0])));
                        it.remove();
                    }
                }
            }
            pending.forEach(p -> steps.add(Step.label(labelName(p[0]))));
            return new Sequence(index, initial, steps);
        }

        private String labelName(int n) {
            return ".j" + n; // local to the sequence's label in the guest (NASM local labels)
        }

        private List<String> instantiate(Template t, List<int[]> pending) {
            List<String> lines = new ArrayList<>();
            for (String part : t.pattern().split(" \\| ")) {
                StringBuilder s = new StringBuilder();
                int i = 0;
                int open;
                while ((open = part.indexOf('{', i)) >= 0) {
                    s.append(part, i, open);
                    int close = part.indexOf('}', open);
                    s.append(fill(part.substring(open + 1, close), t.size(), pending));
                    i = close + 1;
                }
                s.append(part.substring(i));
                lines.add(s.toString());
            }
            if (t.undefined() != 0) {
                lines.add("pushfd");
                lines.add("and dword [esp]," + hex(~t.undefined()));
                lines.add("popfd");
            }
            return lines;
        }

        private String fill(String placeholder, int lineSize, List<int[]> pending) {
            if (placeholder.contains("|")) {
                String[] words = placeholder.split("\\|", -1);
                return words[r.nextInt(words.length)];
            }
            boolean written = placeholder.startsWith("=");
            String kind = placeholder.replaceFirst("^=", "");
            int size = lineSize;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-z]+?)(8|16|32|64)$").matcher(kind);
            if (m.matches() && InstructionTable.KINDS.contains(m.group(1))) {
                kind = m.group(1);
                size = Integer.parseInt(m.group(2));
            }
            return switch (kind) {
                case "r" -> register(size, written);
                case "rm" -> r.nextInt(5) < 3 ? register(size, written) : memory(size);
                case "m" -> memory(size);
                case "acc" -> size == 8 ? "al" : size == 16 ? "ax" : "eax";
                case "kw" -> keyword(size);
                case "imm" -> hex(value32() & mask(size));
                case "s8" -> Integer.toString(r.nextInt(256) - 128);
                case "count" -> Integer.toString(count(size));
                case "eflags" -> hex(poppedEflags());
                case "addr" -> address();
                case "rel" -> {
                    int n = labels++;
                    pending.add(new int[] {n, r.nextInt(4)});
                    yield labelName(n);
                }
                case "src", "dst" -> hex(region + 128 + r.nextInt(256));
                case "bitoffset" -> Integer.toString(r.nextInt(384) - 128);
                case "n" -> Integer.toString(r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(17));
                case "rep" -> r.nextBoolean() ? "rep " : "";
                case "repcc" -> new String[] {"", "repe ", "repne "}[r.nextInt(3)];
                case "sfx" -> size == 8 ? "b" : size == 16 ? "w" : "d";
                default -> throw new IllegalArgumentException("placeholder {" + placeholder + "}");
            };
        }

        /** Any register of the size to read; to write, one that is not ESP nor pinned. */
        private String register(int size, boolean written) {
            while (true) {
                int n = r.nextInt(8);
                int parent = size == 8 ? n & 3 : n;
                if (written && (parent == ESP && size != 8 || pinned.contains(parent))) {
                    continue;
                }
                return size == 8 ? R8[n] : size == 16 ? R16[n] : Sequence.REGISTERS.get(n);
            }
        }

        /** A memory operand of the size inside the scratch memory, in one of the forms the pins allow. */
        private String memory(int size) {
            int bytes = Math.max(1, size / 8);
            String where;
            int form = r.nextInt(5);
            if (form == 1) {
                int d = r.nextInt(128) - 64;
                where = "esp" + disp(d);
            } else if (form >= 2 && base >= 0) {
                int d = r.nextInt(4) == 0 ? 0 : r.nextInt(256) - 128;
                if (form == 4 && indexReg >= 0) {
                    int scale = 1 << r.nextInt(4);
                    where = name(base) + "+" + name(indexReg) + "*" + scale + disp(d);
                } else if (form == 3 && indexReg >= 0) {
                    int scale = 1 << r.nextInt(4);
                    where = name(indexReg) + "*" + scale + "+" + hex(region + r.nextInt(384));
                } else {
                    where = name(base) + disp(d);
                }
            } else {
                where = hex(region + r.nextInt(512 - bytes + 1));
            }
            // now and then a segment override (every data segment is flat): the prefix must not change the access
            String segment = r.nextInt(6) == 0 ? new String[] {"ds:", "es:", "fs:", "gs:", "ss:"}[r.nextInt(5)] : "";
            return keyword(size) + " [" + segment + where + "]";
        }

        /** LEA's operand: any registers, any displacement; nothing is read there. */
        private String address() {
            List<String> parts = new ArrayList<>();
            if (r.nextBoolean()) {
                parts.add(name(r.nextInt(8)));
            }
            if (r.nextBoolean()) {
                int idx;
                do {
                    idx = r.nextInt(8);
                } while (idx == ESP);
                parts.add(name(idx) + "*" + (1 << r.nextInt(4)));
            }
            int d = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> r.nextInt(256) - 128;
                default -> r.nextInt();
            };
            if (parts.isEmpty() || d != 0) {
                parts.add(hex(d));
            }
            return "[" + String.join("+", parts) + "]";
        }

        private String name(int reg) {
            return Sequence.REGISTERS.get(reg);
        }

        private String disp(int d) {
            return d == 0 ? "" : d > 0 ? "+" + d : Integer.toString(d);
        }

        /** Corner values and small numbers (shift counts in CL, small divisors) as often as random ones. */
        private int value32() {
            return switch (r.nextInt(8)) {
                case 0, 1 -> CORNERS[r.nextInt(CORNERS.length)];
                case 2 -> r.nextInt(34);
                case 3 -> -1 - r.nextInt(16);
                default -> r.nextInt();
            };
        }

        private int count(int size) {
            int[] edges = {0, 1, 2, size - 1, size, size + 1, 2 * size - 1, 31, 32, 33, 63, 64, 255};
            return switch (r.nextInt(3)) {
                case 0 -> edges[r.nextInt(edges.length)];
                case 1 -> r.nextInt(size + 2);
                default -> r.nextInt(256);
            };
        }

        /**
         * CF PF AF ZF SF DF OF random; bit 1 and IF set (every interrupt line is masked; with IF clear
         * RingScope would check for interrupts before each instruction and never run a block whole);
         * TF and the rest clear.
         */
        private int eflags() {
            return (r.nextInt() & 0x0CD5) | 0x202;
        }

        /** What POPFD loads in a sequence: also IOPL, NT, AC and ID at random, and now and then TF (a #DB trap). */
        private int poppedEflags() {
            return eflags() | (r.nextInt() & 0x247000) | (r.nextInt(16) == 0 ? 0x100 : 0);
        }
    }

    static String keyword(int size) {
        return switch (size) {
            case 8 -> "byte";
            case 16 -> "word";
            case 32 -> "dword";
            case 64 -> "qword";
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    private static int mask(int size) {
        return size == 8 ? 0xFF : size == 16 ? 0xFFFF : -1;
    }

    static String hex(int v) {
        return String.format(Locale.ROOT, "0x%x", v);
    }
}
