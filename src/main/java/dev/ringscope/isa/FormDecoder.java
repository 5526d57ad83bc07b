package dev.ringscope.isa;

/** Tries to read the rest of an instruction (after its opcode byte or bytes) in one given form. */
final class FormDecoder {

    private FormDecoder() {
    }

    /** The decoded instruction, or null if the bytes do not fit this form. */
    static Decoded tryForm(Form form, Decoder.Cursor c, boolean o16, boolean a16, Instruction.Prefix rep,
                          boolean lock, Register segment) {
        int mandatory = form.mandatoryPrefix();
        if (mandatory == 0x66) {
            if (!o16) {
                return null;
            }
            o16 = false;
        } else if (o16 != form.o16()) {
            return null;
        }
        if (mandatory == 0xF3) {
            if (rep != Instruction.Prefix.REP) {
                return null;
            }
            rep = Instruction.Prefix.NONE;
        } else if (mandatory == 0 && rep == Instruction.Prefix.REP && (form.opcode()[0] & 0xFF) == 0x0F
                && form.mnemonic() != Mnemonic.BSF && form.mnemonic() != Mnemonic.BSR) {
            return null; // F3 0F xx is another instruction (vmxon, …), not "rep" of a two-byte opcode
        }
        // F3 0F BC/BD are TZCNT/LZCNT on a CPU with BMI1/LZCNT; on one without (a P6, and this one) they run
        // as BSF/BSR with the prefix ignored (SDM Vol. 2B TZCNT, LZCNT). gcc -m32 -mtune=generic writes
        // "rep bsf" for __builtin_ctz because of that.
        byte[] opcode = form.opcode();
        int opcodeLength = opcode.length - (mandatory != 0 ? 1 : 0);
        int consumed = (opcode[mandatory != 0 ? 1 : 0] & 0xFF) == 0x0F ? 2 : 1;
        try {
            for (int i = consumed; i < opcodeLength; i++) {
                if (c.next() != (opcode[opcode.length - opcodeLength + i] & 0xFF)) {
                    return null;
                }
            }
            int lastOpcode = c.byteAt(c.pos - 1);
            Operand[] ops = new Operand[form.arity()];
            if (form.plusReg()) {
                ops[form.regOperand()] = registerFor(form.operand(form.regOperand()), lastOpcode & 7);
            }
            if (form.modRm() != Form.ModRm.NONE && !readModRm(form, c, segment, a16, ops)) {
                return null;
            }
            for (Form.Field f : form.immediates()) {
                ops[f.operand()] = readField(form, f, c, segment, a16);
            }
            for (int i = 0; i < ops.length; i++) {
                if (ops[i] == null) {
                    Pattern p = form.operand(i);
                    if (p == Pattern.ONE) {
                        ops[i] = new Operand.Imm(1);
                    } else if (p.fixedRegister() != null) {
                        ops[i] = new Operand.Reg(p.fixedRegister());
                    } else {
                        return null;
                    }
                }
            }
            // a segment override on an instruction without a memory operand changes nothing (QEMU runs
            // `cs nop`); a string instruction's source segment is read from the bytes (see Uop)
            // rel fields are relative to the end of the instruction, known only now
            for (Form.Field f : form.immediates()) {
                if (f.kind() == Form.FieldKind.RB || f.kind() == Form.FieldKind.RD) {
                    long rel = ((Operand.Imm) ops[f.operand()]).value();
                    ops[f.operand()] = new Operand.Imm((c.address + c.pos + rel) & 0xFFFFFFFFL);
                }
            }
            Instruction insn = new Instruction(form.mnemonic(), java.util.List.of(ops), rep, a16);
            if (lock) {
                if (!LockRule.allows(form, insn)) {
                    return Decoded.invalid(c.pos, LockRule.problem(insn));
                }
                // REP on a lockable (non-string) instruction does nothing; the instruction says LOCK
                insn = new Instruction(form.mnemonic(), insn.operands(), Instruction.Prefix.LOCK, a16);
            }
            return new Decoded(insn, form, c.pos);
        } catch (Decoder.TooLongException e) {
            return Decoded.overLength();
        }
    }

    /**
     * An x87 escape (D8–DF, SDM Vol. 2A §A.4 "Escape opcode instructions"): the ModRM byte and any
     * SIB and displacement are read, so the length is right, and nothing else. RingScope models no
     * FPU (CPUID.01H:EDX.FPU = 0); the machine raises #NM or #UD from CR0 (see NoFpu).
     */
    static Decoded x87Escape(Decoder.Cursor c, int escape, boolean a16) {
        try {
            int modrm = c.next();
            if (modrm < 0xC0) {
                readMemory(Pattern.M, modrm >>> 6, modrm & 7, c, null, a16);
            }
            return Decoded.x87(c.pos, String.format("x87 FPU instruction (escape %02X %02X): no FPU is modelled",
                    escape, modrm));
        } catch (Decoder.TooLongException e) {
            return Decoded.overLength();
        }
    }

    private static boolean readModRm(Form form, Decoder.Cursor c, Register segment, boolean a16, Operand[] ops) {
        int modrm = c.next();
        int mod = modrm >>> 6;
        int reg = modrm >>> 3 & 7;
        int rm = modrm & 7;
        switch (form.modRm()) {
            case DIGIT -> {
                if (reg != form.digit()) {
                    return false;
                }
            }
            case REG_TWICE -> {
                if (mod != 3 || reg != rm) {
                    return false;
                }
            }
            default -> {
            }
        }
        if (form.modRm() != Form.ModRm.DIGIT) {
            Operand r = registerFor(form.operand(form.regOperand()), reg);
            if (r == null) {
                return false;
            }
            ops[form.regOperand()] = r;
        }
        if (form.rmOperand() < 0) {
            return true;
        }
        Pattern p = form.operand(form.rmOperand());
        if (mod == 3) {
            Operand r = switch (p) {
                case RM8, RM16, RM32, R8, R16, R32 -> new Operand.Reg(Register.general(p.size(), rm));
                default -> null;
            };
            if (r == null) {
                return false;
            }
            ops[form.rmOperand()] = r;
            return true;
        }
        if (p == Pattern.R8 || p == Pattern.R16 || p == Pattern.R32) {
            return false;
        }
        ops[form.rmOperand()] = readMemory(p, mod, rm, c, segment, a16);
        return true;
    }

    private static Operand.Mem readMemory(Pattern p, int mod, int rm, Decoder.Cursor c, Register segment,
                                          boolean a16) {
        if (a16) {
            return readMemory16(p, mod, rm, c, segment);
        }
        Register base;
        Register index = null;
        int scale = 1;
        if (rm == 4) {
            int sib = c.next();
            scale = 1 << (sib >>> 6);
            int idx = sib >>> 3 & 7;
            int b = sib & 7;
            index = idx == 4 ? null : Register.general(4, idx);
            base = b == 5 && mod == 0 ? null : Register.general(4, b);
            if (index == null) {
                scale = 1;
            }
            if (base == null) {
                mod = 2; // disp32 follows
            }
        } else if (rm == 5 && mod == 0) {
            base = null;
            mod = 2;
        } else {
            base = Register.general(4, rm);
        }
        int disp = switch (mod) {
            case 1 -> (byte) c.next();
            case 2 -> (int) c.little(4);
            default -> 0;
        };
        return new Operand.Mem(statedSize(p), segment, base, index, scale, disp, p == Pattern.FAR_MEM);
    }

    private static int statedSize(Pattern p) {
        return switch (p) {
            case RM8, RM16, RM32, M16, M32, M64 -> p.size();
            default -> 0;
        };
    }

    /** SDM Vol. 2A Table 2-1: 16-bit addressing, no SIB, a disp8 or disp16. */
    private static final Register[][] RM16 = {
        {Register.BX, Register.SI}, {Register.BX, Register.DI}, {Register.BP, Register.SI}, {Register.BP, Register.DI},
        {Register.SI, null}, {Register.DI, null}, {Register.BP, null}, {Register.BX, null}};

    private static Operand.Mem readMemory16(Pattern p, int mod, int rm, Decoder.Cursor c, Register segment) {
        Register base = RM16[rm][0];
        Register index = RM16[rm][1];
        if (mod == 0 && rm == 6) {
            return new Operand.Mem(statedSize(p), segment, null, null, 1, (int) c.little(2), p == Pattern.FAR_MEM);
        }
        int disp = switch (mod) {
            case 1 -> (byte) c.next();
            case 2 -> (short) c.little(2);
            default -> 0;
        };
        return new Operand.Mem(statedSize(p), segment, base, index, 1, disp, p == Pattern.FAR_MEM);
    }

    private static Operand registerFor(Pattern p, int number) {
        Register r = switch (p) {
            case R8, R16, R32, RM8, RM16, RM32 -> Register.general(p.size(), number);
            case SREG -> Register.segment(number);
            case CR -> Register.control(number);
            default -> null;
        };
        return r == null ? null : new Operand.Reg(r);
    }

    private static Operand readField(Form form, Form.Field f, Decoder.Cursor c, Register segment, boolean a16) {
        Pattern p = form.operand(f.operand());
        return switch (f.kind()) {
            case IB -> new Operand.Imm(p == Pattern.SIMM8 ? (byte) c.next() : c.next());
            case IW -> new Operand.Imm(c.little(2));
            case ID -> new Operand.Imm(c.little(4));
            case RB -> new Operand.Imm((byte) c.next());
            case RD -> new Operand.Imm((int) c.little(4));
            case PTR -> {
                int offset = (int) c.little(4);
                int selector = (int) c.little(2);
                yield new Operand.Far(selector, offset);
            }
            case MOFFS -> new Operand.Mem(p.size(), segment, null, null, 1, (int) c.little(a16 ? 2 : 4), false);
        };
    }
}
