package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random instructions in canonical spelling (the one the decoder gives back), one form at a time.
 * Used by the round-trip property and by the differential test against NASM.
 */
final class RandomInstructions {

    private static final Register[] SEGMENTS = {Register.ES, Register.CS, Register.SS, Register.DS, Register.FS,
            Register.GS};
    private static final Register[] CONTROLS = {Register.CR0, Register.CR2, Register.CR3, Register.CR4};

    private final Random random;

    RandomInstructions(long seed) {
        this.random = new Random(seed);
    }

    /** A random instruction for {@code form} placed at {@code address}, or null if it cannot be made canonical. */
    Instruction forForm(Form form, long address) {
        String name = form.mnemonic().lowerName();
        boolean implicit = name.matches("(movs|stos|lods|ins|outs|cmps|scas)[bwd]|xlatb|loop(e|ne)?|jecxz");
        boolean addresses = implicit
                || form.operands().stream().anyMatch(p -> p.goesInRm() || p.name().startsWith("MOFFS"));
        // the 0x67 prefix: 16-bit addressing ([bx+si], [word 0x1234]) or SI/DI/CX/BX for the implicit ones
        boolean a16 = addresses && random.nextInt(4) == 0;
        Operand[] ops = new Operand[form.arity()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = operand(form, form.operand(i), address, a16);
        }
        // an "a16 add eax, ebx" says nothing: the prefix only where something is addressed
        a16 &= implicit || java.util.Arrays.stream(ops).anyMatch(o -> o instanceof Operand.Mem);
        if (form.modRm() == Form.ModRm.REG && form.mnemonic() == Mnemonic.IMUL && form.arity() == 3
                && ops[0].equals(ops[1])) {
            return null; // decodes as the two-operand spelling
        }
        Instruction.Prefix prefix = Instruction.Prefix.NONE;
        if (name.matches("(movs|stos|lods|ins|outs)[bwd]") && random.nextBoolean()) {
            prefix = Instruction.Prefix.REP;
        }
        if (name.matches("(cmps|scas)[bwd]")) {
            prefix = new Instruction.Prefix[] {Instruction.Prefix.NONE, Instruction.Prefix.REP,
                Instruction.Prefix.REPNE}[random.nextInt(3)];
        }
        if (name.matches("bs[fr]") && random.nextInt(4) == 0) {
            prefix = Instruction.Prefix.REP; // F3 0F BC/BD: TZCNT/LZCNT bytes, BSF/BSR on this CPU
        }
        return new Instruction(form.mnemonic(), List.of(ops), prefix, a16);
    }

    private Operand operand(Form form, Pattern p, long address, boolean a16) {
        return switch (p) {
            case R8, R16, R32 -> new Operand.Reg(Register.general(p.size(), random.nextInt(8)));
            case RM8, RM16, RM32 -> random.nextInt(3) == 0
                    ? new Operand.Reg(Register.general(p.size(), random.nextInt(8)))
                    : memory(p.size(), a16);
            case M -> memory(0, a16);
            case M16, M32, M64 -> memory(p.size(), a16);
            case FAR_MEM -> {
                Operand.Mem m = memory(0, a16);
                yield new Operand.Mem(0, m.segment(), m.base(), m.index(), m.scale(), m.displacement(), true);
            }
            case MOFFS8, MOFFS16, MOFFS32 -> new Operand.Mem(p.size(), maybeSegment(), null, null, 1,
                    a16 ? random.nextInt(65536) : random.nextInt(), false);
            case IMM8 -> new Operand.Imm(random.nextInt(256));
            case IMM16 -> new Operand.Imm(random.nextInt(65536));
            case IMM32 -> new Operand.Imm(random.nextInt() & 0xFFFFFFFFL);
            case SIMM8 -> new Operand.Imm(random.nextInt(256) - 128);
            case ONE -> new Operand.Imm(1);
            case REL8 -> new Operand.Imm((address + 2 + random.nextInt(200) - 100) & 0xFFFFFFFFL);
            case REL32 -> new Operand.Imm((address + random.nextInt(100000) - 50000) & 0xFFFFFFFFL);
            case FAR_PTR -> new Operand.Far(random.nextInt(65536), random.nextInt());
            case SREG -> new Operand.Reg(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            case CR -> new Operand.Reg(CONTROLS[random.nextInt(CONTROLS.length)]);
            default -> new Operand.Reg(p.fixedRegister());
        };
    }

    private Register maybeSegment() {
        return random.nextInt(5) == 0 ? SEGMENTS[random.nextInt(SEGMENTS.length)] : null;
    }

    /** SDM Vol. 2A Table 2-1, in the decoder's spelling: rm 0..7 (rm 6 is [bp] with a displacement). */
    private static final Register[][] RM16 = {
        {Register.BX, Register.SI}, {Register.BX, Register.DI}, {Register.BP, Register.SI}, {Register.BP, Register.DI},
        {Register.SI, null}, {Register.DI, null}, {Register.BP, null}, {Register.BX, null}};

    private Operand.Mem memory(int size, boolean a16) {
        if (!a16) {
            return memory(size);
        }
        int rm = random.nextInt(9);
        if (rm == 8) {
            return new Operand.Mem(size, maybeSegment(), null, null, 1, random.nextInt(65536), false); // [word disp16]
        }
        int disp = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(256) - 128;
            default -> random.nextInt(65536) - 32768;
        };
        return new Operand.Mem(size, maybeSegment(), RM16[rm][0], RM16[rm][1], 1, disp, false);
    }

    /** A memory operand as NASM would encode it (already normalised: no esp index, no lone scale 1 or 2). */
    private Operand.Mem memory(int size) {
        Register base = random.nextInt(6) == 0 ? null : Register.general(4, random.nextInt(8));
        Register index = null;
        int scale = 1;
        if (random.nextInt(3) == 0) {
            int idx = random.nextInt(7);
            index = Register.general(4, idx >= 4 ? idx + 1 : idx);
            scale = 1 << random.nextInt(4);
            if (base == null && scale <= 2) {
                scale = 4;
            }
        }
        int disp = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(256) - 128;
            case 2 -> random.nextInt(100000) - 50000;
            default -> random.nextInt();
        };
        return new Operand.Mem(size, maybeSegment(), base, index, scale, disp, false);
    }

    /** For every form, {@code perForm} random instructions laid out one after another from {@code origin}. */
    List<Instruction> program(int perForm, long origin) throws EncodingException {
        List<Instruction> out = new ArrayList<>();
        long address = origin;
        for (int round = 0; round < perForm; round++) {
            for (Form form : FormTable.all()) {
                Instruction insn = forForm(form, address);
                if (insn == null) {
                    continue;
                }
                Encoder.Encoding e = Encoder.encode(insn, address);
                out.add(insn);
                address += e.bytes().length;
            }
        }
        return out;
    }
}
