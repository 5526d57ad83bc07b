package dev.ringscope.machine.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The instructions the differential test throws at QEMU and RingScope: one line per instruction form,
 * so a new instruction is one more line. A line is {@code SIZES: PATTERN}, where
 * <ul>
 * <li>SIZES is some of {@code b w d} (the line stands for each operand size: 8, 16, 32 bits) or
 *     {@code -} (no operand size of its own);</li>
 * <li>PATTERN is NASM text with placeholders; several instructions are separated by {@code " | "} and
 *     always run together (a set-up and the instruction it sets up);</li>
 * <li>{@code {a|b|c}} picks one of the words;</li>
 * <li>{@code {KIND}} is a random operand, {@code {=KIND}} one the instruction writes (never ESP, nor a
 *     register the sequence keeps pointing at its memory), and a size suffix fixes the size
 *     ({@code {rm8}}, {@code {=r32}}); without one the line's size is used:
 *     <ul>
 *     <li>{@code r} register; {@code rm} register or memory; {@code m} memory (with its size keyword);
 *         {@code acc} AL/AX/EAX; {@code kw} the size keyword alone (byte, word, dword);</li>
 *     <li>{@code imm} immediate of the size, biased to corner values; {@code s8} a signed byte;
 *         {@code count} a shift count 0..255, biased to the size's boundaries; {@code eflags} an
 *         EFLAGS image (arithmetic flags and DF random, IF and TF clear);</li>
 *     <li>{@code addr} an address expression over any registers (for LEA: nothing is accessed);</li>
 *     <li>{@code rel} a label 0..3 instructions further on (branches only go forward, so every
 *         sequence ends);</li>
 *     <li>{@code src}, {@code dst} addresses in the middle of the scratch memory, {@code n} a small
 *         count (0..16), {@code rep} nothing or REP, {@code repcc} nothing, REPE or REPNE,
 *         {@code sfx} the string suffix b/w/d;</li>
 *     </ul></li>
 * <li>a trailing {@code !writes=ebp,ebx} names registers the pattern writes implicitly (such a line is
 *     left out of a sequence that keeps one of them pointing at memory).</li>
 * </ul>
 */
public final class InstructionTable {

    /** The table. Forms that exist in RingScope's FormTable today; the i686 additions are added as they land. */
    static final String TABLE = """
            bwd: {add|adc|sub|sbb|and|or|xor|mov} {=rm},{r}
            bwd: {add|adc|sub|sbb|and|or|xor|mov} {=r},{rm}
            bwd: {add|adc|sub|sbb|and|or|xor|mov} {=rm},{imm}
             wd: {add|adc|sub|sbb|and|or|xor} {=rm},{s8}
            bwd: {add|adc|sub|sbb|and|or|xor} {=acc},{imm}
            bwd: cmp {rm},{r}
            bwd: cmp {r},{rm}
            bwd: cmp {rm},{imm}
             wd: cmp {rm},{s8}
            bwd: {cmp|test} {acc},{imm}
            bwd: test {rm},{r}
            bwd: test {rm},{imm}
            bwd: {inc|dec|neg|not} {=rm}
            bwd: {rol|ror|rcl|rcr|shl|shr|sar} {=rm},1
            bwd: {rol|ror|rcl|rcr|shl|shr|sar} {=rm},cl
            bwd: {rol|ror|rcl|rcr|shl|shr|sar} {=rm},{count}
            bwd: {mul|imul|div|idiv} {rm}
              b: movzx ax,al | div {rm}
              b: cbw | idiv {rm}
              w: xor dx,dx | div {rm}
              w: cwd | idiv {rm}
              d: xor edx,edx | div {rm}
              d: cdq | idiv {rm}
             wd: imul {=r},{rm}
             wd: imul {=r},{rm},{imm}
             wd: imul {=r},{rm},{s8}
             wd: imul {=r},{imm}
             wd: {movzx|movsx} {=r},{rm8}
              d: {movzx|movsx} {=r},{rm16}
            bwd: xchg {=r},{=rm}
             wd: lea {=r},{addr}
              -: {cbw|cwde|cwd|cdq}
              -: {clc|stc|cmc|cld|std}
             wd: push {rm}
             wd: push {kw} {imm}
             wd: pop {=rm}
              -: pushfd
              -: push dword {eflags} | popfd
              -: pushfd | popfd
            bwd: mov esi,{src} | mov edi,{dst} | mov ecx,{n} | {rep}{movs|stos|lods}{sfx}
             bd: mov esi,{src} | mov edi,{dst} | mov ecx,{n} | {repcc}{cmps|scas}{sfx}
              -: j{o|no|b|ae|e|ne|be|a|s|ns|p|np|l|ge|le|g} {rel}
              -: {loop|loope|loopne|jecxz} {rel}
            """;

    /** The placeholder kinds a pattern may use. */
    static final Set<String> KINDS = Set.of("r", "rm", "m", "acc", "kw", "imm", "s8", "count", "eflags", "addr",
            "rel", "src", "dst", "n", "rep", "repcc", "sfx");

    /**
     * One line of the table at one operand size.
     *
     * @param size    8, 16 or 32 (32 for a line without a size of its own)
     * @param pattern the NASM pattern with its placeholders
     * @param writes  registers (32-bit names) the pattern writes without naming them as an operand
     * @param line    the table line, for messages
     */
    public record Template(int size, String pattern, Set<String> writes, String line) {
    }

    private InstructionTable() {
    }

    /** Every line of {@link #TABLE} at each of its sizes. */
    public static List<Template> templates() {
        return parse(TABLE);
    }

    static List<Template> parse(String table) {
        List<Template> out = new ArrayList<>();
        for (String raw : table.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no 'SIZES:' in table line: " + raw);
            }
            String sizes = raw.substring(0, colon).strip();
            String rest = raw.substring(colon + 1).strip();
            Set<String> writes = Set.of();
            int bang = rest.indexOf(" !writes=");
            if (bang >= 0) {
                writes = Set.of(rest.substring(bang + " !writes=".length()).strip().split(","));
                rest = rest.substring(0, bang).strip();
            }
            checkPlaceholders(rest, raw);
            if (sizes.equals("-")) {
                out.add(new Template(32, rest, writes, raw));
                continue;
            }
            for (char c : sizes.toCharArray()) {
                int size = switch (c) {
                    case 'b' -> 8;
                    case 'w' -> 16;
                    case 'd' -> 32;
                    default -> throw new IllegalArgumentException("size '" + c + "' (b, w, d or -) in: " + raw);
                };
                out.add(new Template(size, rest, writes, raw));
            }
        }
        return List.copyOf(out);
    }

    /** A typo in a kind fails at once, naming the line, instead of emitting text NASM rejects later. */
    private static void checkPlaceholders(String pattern, String line) {
        int i = 0;
        while ((i = pattern.indexOf('{', i)) >= 0) {
            int end = pattern.indexOf('}', i);
            String inside = pattern.substring(i + 1, end);
            if (!inside.contains("|")) {
                String kind = inside.replaceFirst("^=", "");
                if (!KINDS.contains(kind) && !KINDS.contains(kind.replaceFirst("(8|16|32|64)$", ""))) {
                    throw new IllegalArgumentException("unknown placeholder {" + inside + "} in: " + line);
                }
            }
            i = end + 1;
        }
    }
}
