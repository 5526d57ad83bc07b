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
 *         {@code count} a shift count 0..255 (a third of the time 0..size+1, a third the size's
 *         boundaries); {@code eflags} an EFLAGS image (arithmetic flags, DF, IOPL, NT, AC, ID random,
 *         IF set, TF now and then);</li>
 *     <li>{@code addr} an address expression over any registers (for LEA: nothing is accessed);</li>
 *     <li>{@code rel} a label 0..3 instructions further on (branches only go forward, so every
 *         sequence ends);</li>
 *     <li>{@code src}, {@code dst} addresses in the middle of the scratch memory, {@code n} a small
 *         count (0..16), {@code rep} nothing or REP, {@code repcc} nothing, REPE or REPNE,
 *         {@code sfx} the string suffix b/w/d; {@code bitoffset} a bit offset -128..255 (BT* on memory
 *         reach up to 32 bytes beyond their operand, which stays in RAM);</li>
 *     </ul></li>
 * <li>a trailing {@code !writes=ebp,ebx} names registers the pattern writes implicitly (such a line is
 *     left out of a sequence that keeps one of them pointing at memory);</li>
 * <li>a trailing {@code !undefined=of,sf} names flags the SDM leaves undefined and QEMU's TCG does not
 *     compute the same way every time (it depends on where its translation block began): the
 *     generator clears them after the instruction (PUSHFD, AND [ESP], POPFD), so they are not compared
 *     and nothing later depends on them.</li>
 * </ul>
 */
public final class InstructionTable {

    /**
     * The table. Left out on purpose: RDTSC (RingScope's clock is its own), I/O and system
     * instructions, WAIT and the x87 (QEMU has an FPU, RingScope models none).
     *
     * <p>BT, BTS, BTR, BTC: QEMU computes the undefined OF, SF, AF and PF from the previous flag-setting
     * instruction when it is in the same translation block, and keeps them otherwise; RingScope keeps
     * them. Only CF and ZF are compared.
     *
     * <p>CPUID: only the leaves where QEMU, given {@code Qemu.CPU}, answers as RingScope does (vendor,
     * brand). Leaf 1 (and 2, 3: above the last leaf) differs in ECX (QEMU sets the hypervisor bit 31
     * and SSE3) and EBX (CLFLUSH line size); 0x80000000 and 0x80000001 differ (QEMU repeats the vendor
     * and the signature there); 0x40000000 is QEMU's hypervisor leaf.
     *
     * <p>The 0x67 lines address the scratch memory through selector 0x18 (its base is the scratch memory;
     * see {@link GuestSource}), since a 16-bit offset cannot reach it in the flat segments, and set DF
     * clear first for the strings, so that SI and DI stay inside it. The SS default of a BP base is not
     * visible there (every segment but 0x18 is flat); the unit tests check it.
     *
     * <p>QEMU 7.2's TCG, the reference, is itself wrong in one place the SDM defines: CMPXCHG8B right
     * after an instruction whose flags TCG keeps lazily (ADD, SUB, ...) garbles CF, PF, AF, SF and OF,
     * which the SDM (and RingScope) leave unchanged; so its line makes the flags concrete first
     * (PUSHFD/POPFD).
     */
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
            bwd: lock {add|adc|sub|sbb|and|or|xor|xadd|cmpxchg} {m},{=r}
            bwd: lock {inc|dec|neg|not} {m}
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
              -: {pushad|pushaw}
              -: {popad|popaw} !writes=ebx,ebp
            bwd: mov esi,{src} | mov edi,{dst} | mov ecx,{n} | {rep}{movs|stos|lods}{sfx}
            bwd: mov esi,{src} | mov edi,{dst} | mov ecx,{n} | {repcc}{cmps|scas}{sfx}
              -: j{o|no|b|ae|e|ne|be|a|s|ns|p|np|l|ge|le|g} {rel}
              -: {loop|loope|loopne|jecxz} {rel}
              -: {jmp|call} {rel}
              -: mov edi,{rel} | {jmp|call} edi
              -: push dword {rel} | {jmp|call} dword [esp]
              -: push dword {rel} | ret
              -: push dword {imm} | push dword {rel} | ret 4
              b: set{o|no|b|ae|e|ne|be|a|s|ns|p|np|l|ge|le|g} {=rm}
             wd: cmov{o|no|b|ae|e|ne|be|a|s|ns|p|np|l|ge|le|g} {=r},{rm}
              d: bswap {=r}
             wd: {bt|bts|btr|btc} {=r},{r} !undefined=of,sf,af,pf
             wd: {bt|bts|btr|btc} {=rm},{count} !undefined=of,sf,af,pf
              w: mov ecx,{bitoffset} | {bt|bts|btr|btc} {m},cx !undefined=of,sf,af,pf
              d: mov ecx,{bitoffset} | {bt|bts|btr|btc} {m},ecx !undefined=of,sf,af,pf
             wd: {shld|shrd} {=rm},{r},{count}
             wd: {shld|shrd} {=rm},{r},cl
             wd: {bsf|bsr} {=r},{rm}
             wd: rep {bsf|bsr} {=r},{rm}
            bwd: xadd {=rm},{=r}
            bwd: cmpxchg {=rm},{r}
              -: pushfd | popfd | cmpxchg8b {m64}
              -: {lahf|sahf}
              -: mov ebx,{src} | xlatb !writes=ebx
              -: mov ebp,esp | enter {n},{n} | leave !writes=ebp
              -: mov ebp,esp | o16 enter {n},{n} | o16 leave !writes=ebp
              -: pushfw
              -: push dword {eflags} | popfw | lea esp,[esp+2]
              -: pushfw | popfw
            # 0x67: 16-bit addresses, through selector 0x18 (base: the scratch memory); the upper halves random
             wd: push fs | push dword 0x18 | pop fs | mov ebx,{imm32} | mov bx,{n} | mov esi,{imm32} | mov si,{n} | {add|adc|sub|sbb|and|or|xor|mov|cmp} {=r},[fs:bx+si+{n}] | pop fs !writes=ebx,esi
            bwd: push fs | push dword 0x18 | pop fs | mov ebp,{imm32} | mov bp,{n} | mov edi,{imm32} | mov di,{n} | {add|sub|xor|mov} {kw} [fs:bp+di+{n}],{r} | pop fs !writes=ebp,edi
              d: push fs | push dword 0x18 | pop fs | mov ebx,{imm32} | mov bx,0xFFF0 | mov esi,{imm32} | mov si,{n} | add si,0x10 | mov {=r},[fs:bx+si] | lea {=r},[bx+si-1] | pop fs !writes=ebx,esi
              d: push fs | push dword 0x18 | pop fs | mov {=r},[fs:word {n}] | pop fs
            bwd: cld | push ds | push es | push dword 0x18 | pop ds | push dword 0x18 | pop es | mov esi,{imm32} | mov si,{n} | mov edi,{imm32} | mov di,{n} | add di,0x100 | mov ecx,{imm32} | mov cx,{n} | {rep}a16 {movs|stos|lods}{sfx} | pop es | pop ds !writes=esi,edi,ecx
            bwd: cld | push ds | push es | push dword 0x18 | pop ds | push dword 0x18 | pop es | mov esi,{imm32} | mov si,{n} | mov edi,{imm32} | mov di,{n} | mov ecx,{imm32} | mov cx,{n} | {repcc}a16 {cmps|scas}{sfx} | pop es | pop ds !writes=esi,edi,ecx
              -: push ds | push dword 0x18 | pop ds | mov ebx,{imm32} | mov bx,{n} | a16 xlatb | pop ds !writes=ebx
              -: mov ecx,{imm32} | mov cx,{n} | {loop|loope|loopne} {rel},cx !writes=ecx
              -: mov ecx,{imm32} | mov cx,{0|1|2} | jcxz {rel} !writes=ecx
             wd: nop {rm}
              -: mov eax,{0|0x80000002|0x80000003|0x80000004} | mov ecx,{imm} | cpuid !writes=ebx
            """;

    /** The placeholder kinds a pattern may use. */
    static final Set<String> KINDS = Set.of("r", "rm", "m", "acc", "kw", "imm", "s8", "count", "eflags", "addr",
            "rel", "src", "dst", "n", "rep", "repcc", "sfx", "bitoffset");


    /**
     * One line of the table at one operand size.
     *
     * @param size    8, 16 or 32 (32 for a line without a size of its own)
     * @param pattern the NASM pattern with its placeholders
     * @param writes    registers (32-bit names) the pattern writes without naming them as an operand
     * @param undefined EFLAGS bits cleared after the pattern (not compared)
     * @param line      the table line, for messages
     */
    public record Template(int size, String pattern, Set<String> writes, int undefined, String line) {
    }

    private static int flags(String names, String line) {
        int mask = 0;
        for (String name : names.split(",")) {
            mask |= switch (name.strip()) {
                case "cf" -> 0x001;
                case "pf" -> 0x004;
                case "af" -> 0x010;
                case "zf" -> 0x040;
                case "sf" -> 0x080;
                case "of" -> 0x800;
                default -> throw new IllegalArgumentException("flag '" + name + "' in: " + line);
            };
        }
        return mask;
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
            int undefined = 0;
            int bang;
            while ((bang = rest.lastIndexOf(" !")) >= 0) {
                String[] note = rest.substring(bang + 2).strip().split("=", 2);
                rest = rest.substring(0, bang).strip();
                switch (note[0]) {
                    case "writes" -> writes = Set.of(note[1].split(","));
                    case "undefined" -> undefined = flags(note[1], raw);
                    default -> throw new IllegalArgumentException("unknown note !" + note[0] + " in: " + raw);
                }
            }
            checkPlaceholders(rest, raw);
            if (sizes.equals("-")) {
                out.add(new Template(32, rest, writes, undefined, raw));
                continue;
            }
            for (char c : sizes.toCharArray()) {
                int size = switch (c) {
                    case 'b' -> 8;
                    case 'w' -> 16;
                    case 'd' -> 32;
                    default -> throw new IllegalArgumentException("size '" + c + "' (b, w, d or -) in: " + raw);
                };
                out.add(new Template(size, rest, writes, undefined, raw));
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
