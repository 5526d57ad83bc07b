package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes to Intel-syntax text that NASM assembles back to the same bytes. Where NASM would pick a
 * shorter encoding than the one found, the text says {@code strict}, {@code short}/{@code near}
 * or a size so that it does not; bytes that are no instruction become {@code db}.
 */
public final class Disassembler {

    /** One line of a listing. */
    public record Line(long address, byte[] bytes, String text, Instruction instruction) {
        public boolean isInstruction() {
            return instruction != null;
        }
    }

    private Disassembler() {
    }

    public static List<Line> disassemble(byte[] code, long origin) {
        List<Line> lines = new ArrayList<>();
        int offset = 0;
        while (offset < code.length) {
            long address = origin + offset;
            Decoded d = Decoder.decode(code, offset, address);
            if (d.isValid()) {
                byte[] bytes = Arrays.copyOfRange(code, offset, offset + d.length());
                Instruction insn = canonical(d.instruction(), bytes, address);
                Instruction shown = withBranchSize(insn, d.form());
                String text = Syntax.format(shown);
                if (!encodesTo(shown, bytes, address)) {
                    // prefixes the text cannot say (F3 F3, 66 66, cs on nop, F0 F3, …): the bytes as
                    // data, so that the listing still assembles to them, and the instruction beside
                    text = data(bytes) + "  ; " + text + " (with extra prefixes)";
                }
                lines.add(new Line(address, bytes, text, insn));
                offset += d.length();
            } else if (d.isX87() && offset + d.length() <= code.length) {
                // an x87 instruction: its whole length as data, so the listing stays in step
                byte[] bytes = Arrays.copyOfRange(code, offset, offset + d.length());
                lines.add(new Line(address, bytes, data(bytes) + "  ; " + d.error(), null));
                offset += d.length();
            } else {
                byte[] bytes = {code[offset]};
                lines.add(new Line(address, bytes, String.format("db 0x%02X  ; %s", code[offset] & 0xFF, d.error()),
                        null));
                offset++;
            }
        }
        return lines;
    }

    private static String data(byte[] bytes) {
        StringBuilder sb = new StringBuilder("db ");
        for (int i = 0; i < bytes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    /**
     * NASM jumps short to a plain number only when told to, so printed branch targets say
     * {@code short} or {@code near}; the text then assembles back to the same bytes.
     */
    static Instruction withBranchSize(Instruction insn, Form form) {
        if (!form.isBranch()) {
            return insn;
        }
        int size = form.operands().contains(Pattern.REL8) ? 1 : 4;
        Operand.Imm target = (Operand.Imm) insn.operand(0);
        return new Instruction(insn.mnemonic(), List.of(new Operand.Imm(target.value(), size, false)), insn.prefix(),
                insn.a16());
    }

    /**
     * The spelling of a decoded instruction that NASM encodes to exactly {@code bytes}: the plain one
     * if NASM would choose this encoding anyway, else one with explicit sizes or {@code strict}.
     */
    public static Instruction canonical(Instruction insn, byte[] bytes, long address) {
        for (int variant = 0; variant < 3; variant++) {
            Instruction candidate = variant == 0 ? insn : withExplicitSizes(insn, variant == 2, bytes, address);
            if (candidate != null && encodesTo(candidate, bytes, address)) {
                return candidate;
            }
        }
        return insn;
    }

    private static boolean encodesTo(Instruction insn, byte[] bytes, long address) {
        try {
            return Arrays.equals(Encoder.encode(insn, address).bytes(), bytes);
        } catch (EncodingException e) {
            return false;
        }
    }

    private static Instruction withExplicitSizes(Instruction insn, boolean strict, byte[] bytes, long address) {
        Decoded d = Decoder.decode(bytes, 0, address);
        if (!d.isValid()) {
            return null;
        }
        Form form = d.form();
        Operand[] ops = insn.operands().toArray(new Operand[0]);
        boolean changed = false;
        for (Form.Field f : form.immediates()) {
            if (!(ops[f.operand()] instanceof Operand.Imm imm)) {
                continue;
            }
            int size = switch (f.kind()) {
                case RB, IB -> Syntax.isBranch(insn.mnemonic()) ? 1 : strict ? 1 : form.operandSize();
                case RD -> 4;
                case IW -> 2;
                case ID -> 4;
                default -> 0;
            };
            if (size != 0) {
                boolean branch = Syntax.isBranch(insn.mnemonic());
                ops[f.operand()] = new Operand.Imm(imm.value(), size, strict && !branch);
                changed = true;
            }
        }
        return changed ? new Instruction(insn.mnemonic(), List.of(ops), insn.prefix(), insn.a16()) : null;
    }
}
