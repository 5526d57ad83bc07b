package dev.ringscope.isa;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Turns an {@link Instruction} into bytes exactly as NASM 2.16 does with its default optimisation:
 * the first form of {@link FormTable} that fits wins, so sign-extended imm8, short jumps and the
 * accumulator forms are chosen whenever they apply. Branch targets are absolute; the encoder needs
 * the instruction's own address to make them relative.
 */
public final class Encoder {

    /** The chosen form and the bytes. */
    public record Encoding(Form form, byte[] bytes) {
    }

    private Encoder() {
    }

    public static Encoding encode(Instruction insn, long address) throws EncodingException {
        Form form = select(insn, address);
        return new Encoding(form, emit(form, insn, address));
    }

    /** The form NASM would pick for this instruction at this address. */
    public static Form select(Instruction insn, long address) throws EncodingException {
        for (Operand op : insn.operands()) {
            if (op instanceof Operand.Mem m && AddressEncoding.problem(m) != null) {
                throw new EncodingException(AddressEncoding.problem(m));
            }
        }
        List<Form> forms = FormTable.forms(insn.mnemonic());
        boolean arityFits = false;
        for (Form form : forms) {
            if (form.arity() != insn.arity()) {
                continue;
            }
            arityFits = true;
            if (fits(form, insn, address)) {
                return form;
            }
        }
        throw new EncodingException(explain(insn, forms, arityFits, address));
    }

    private static boolean fits(Form form, Instruction insn, long address) {
        long next = address + length(form, insn);
        for (int i = 0; i < insn.arity(); i++) {
            if (!OperandMatcher.matches(form, i, insn.operand(i), next)) {
                return false;
            }
        }
        return true;
    }

    private static String explain(Instruction insn, List<Form> forms, boolean arityFits, long address) {
        if (forms.isEmpty()) {
            return "'" + insn.mnemonic() + "' has no encoding";
        }
        if (!arityFits) {
            return "'" + insn.mnemonic() + "' does not take " + insn.arity() + " operand" + (insn.arity() == 1 ? "" : "s");
        }
        // would a stated memory size have helped?
        for (int i = 0; i < insn.arity(); i++) {
            if (insn.operand(i) instanceof Operand.Mem m && m.size() == 0 && !m.far()) {
                for (int size : new int[] {1, 2, 4}) {
                    Instruction sized = withOperand(insn, i, m.withSize(size));
                    for (Form form : forms) {
                        if (form.arity() == insn.arity() && fits(form, sized, address)) {
                            return "operation size not specified (say byte, word or dword)";
                        }
                    }
                }
            }
        }
        for (Operand op : insn.operands()) {
            if (op instanceof Operand.Imm imm && imm.size() == 1 && Syntax.isBranch(insn.mnemonic())) {
                return "short jump is out of range";
            }
        }
        if (insn.mnemonic() == Mnemonic.LOOP || insn.mnemonic() == Mnemonic.LOOPE
                || insn.mnemonic() == Mnemonic.LOOPNE || insn.mnemonic() == Mnemonic.JECXZ) {
            return "short jump is out of range";
        }
        return "invalid combination of opcode and operands";
    }

    private static Instruction withOperand(Instruction insn, int i, Operand op) {
        Operand[] ops = insn.operands().toArray(new Operand[0]);
        ops[i] = op;
        return new Instruction(insn.mnemonic(), List.of(ops), insn.prefix(), insn.a16());
    }

    /** The encoded length of an instruction in a given form; known before any branch target is. */
    static int length(Form form, Instruction insn) {
        int n = prefixLength(form, insn) + form.opcode().length;
        if (form.modRm() != Form.ModRm.NONE) {
            n += 1;
            if (form.rmOperand() >= 0 && insn.operand(form.rmOperand()) instanceof Operand.Mem m) {
                n += AddressEncoding.of(m, insn.a16()).extraLength();
            }
        }
        for (Form.Field f : form.immediates()) {
            n += f.kind() == Form.FieldKind.MOFFS && insn.a16() ? 2 : f.kind().length();
        }
        return n;
    }

    private static int prefixLength(Form form, Instruction insn) {
        int n = insn.prefix() == Instruction.Prefix.NONE ? 0 : 1;
        if (form.o16()) {
            n++;
        }
        if (insn.a16()) {
            n++;
        }
        if (segmentOverride(insn) != null) {
            n++;
        }
        return n;
    }

    private static Register segmentOverride(Instruction insn) {
        for (Operand op : insn.operands()) {
            if (op instanceof Operand.Mem m && m.segment() != null) {
                return m.segment();
            }
        }
        return null;
    }

    /** Writes the bytes of {@code insn} in {@code form}; the form must fit. */
    static byte[] emit(Form form, Instruction insn, long address) throws EncodingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        // NASM's prefix order: lock/rep, segment, operand size, address size
        if (insn.prefix() != Instruction.Prefix.NONE) {
            out.write(insn.prefix().code());
        }
        Register seg = segmentOverride(insn);
        if (seg != null) {
            out.write(segmentPrefix(seg));
        }
        if (form.o16()) {
            out.write(0x66);
        }
        if (insn.a16()) {
            out.write(0x67);
        }
        byte[] opcode = form.opcode().clone();
        if (form.plusReg()) {
            opcode[opcode.length - 1] += (byte) register(insn, form.regOperand()).number();
        }
        out.writeBytes(opcode);
        if (form.modRm() != Form.ModRm.NONE) {
            int reg = form.modRm() == Form.ModRm.DIGIT ? form.digit() : register(insn, form.regOperand()).number();
            Operand rm = insn.operand(form.rmOperand());
            if (rm instanceof Operand.Reg r) {
                out.write(0xC0 | reg << 3 | r.register().number());
            } else {
                AddressEncoding.of((Operand.Mem) rm, insn.a16()).write(out, reg);
            }
        }
        long next = address + length(form, insn);
        for (Form.Field f : form.immediates()) {
            writeField(out, f, insn.operand(f.operand()), next, insn.a16());
        }
        return out.toByteArray();
    }

    private static Register register(Instruction insn, int index) {
        return ((Operand.Reg) insn.operand(index)).register();
    }

    private static void writeField(ByteArrayOutputStream out, Form.Field f, Operand op, long next, boolean a16)
            throws EncodingException {
        switch (f.kind()) {
            case IB -> out.write((int) ((Operand.Imm) op).value());
            case IW -> writeLE(out, ((Operand.Imm) op).value(), 2);
            case ID -> writeLE(out, ((Operand.Imm) op).value(), 4);
            case RB -> {
                long rel = (int) (((Operand.Imm) op).value() - next);
                if (rel < -128 || rel > 127) {
                    throw new EncodingException("short jump is out of range");
                }
                out.write((int) rel);
            }
            case RD -> writeLE(out, ((Operand.Imm) op).value() - next, 4);
            case PTR -> {
                Operand.Far far = (Operand.Far) op;
                writeLE(out, far.offset(), 4);
                writeLE(out, far.selector(), 2);
            }
            case MOFFS -> writeLE(out, ((Operand.Mem) op).displacement(), a16 ? 2 : 4);
        }
    }

    static void writeLE(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    static int segmentPrefix(Register seg) {
        return switch (seg) {
            case ES -> 0x26;
            case CS -> 0x2E;
            case SS -> 0x36;
            case DS -> 0x3E;
            case FS -> 0x64;
            case GS -> 0x65;
            default -> throw new IllegalArgumentException(seg + " is not a segment register");
        };
    }
}
