package dev.ringscope.isa;

import java.util.Locale;

/** Prints instructions in NASM's Intel syntax, so that what the disassembler prints assembles back. */
public final class Syntax {

    private Syntax() {
    }

    public static String format(Instruction insn) {
        StringBuilder sb = new StringBuilder();
        switch (insn.prefix()) {
            case REP -> sb.append("rep ");
            case REPNE -> sb.append("repne ");
            case LOCK -> sb.append("lock ");
            case NONE -> {
            }
        }
        boolean sixteenBitMemory = insn.operands().stream().anyMatch(o -> o instanceof Operand.Mem m && m.isSixteenBit());
        if (insn.a16() && insn.mnemonic() == Mnemonic.JECXZ) {
            sb.append("jcxz"); // NASM's name for 67 E3
        } else {
            if (insn.a16() && !sixteenBitMemory && !hasAbsoluteMemory(insn)) {
                sb.append("a16 "); // the 16-bit registers a string instruction, xlatb or loop uses
            }
            sb.append(name(insn.mnemonic()));
        }
        int registerSize = registerOperandSize(insn);
        for (int i = 0; i < insn.arity(); i++) {
            sb.append(i == 0 ? " " : ", ");
            Operand op = insn.operand(i);
            if (op instanceof Operand.Mem m) {
                boolean keyword = m.size() != 0 && m.size() != registerSize;
                String text = memory(m, keyword);
                // [word 0x1234]: a 16-bit absolute address, as NASM writes the 0x67 form
                sb.append(insn.a16() && m.isAbsolute() ? text.replace("[", "[word ") : text);
            } else if (op instanceof Operand.Imm imm) {
                sb.append(immediate(insn, imm));
            } else {
                sb.append(op);
            }
        }
        return sb.toString();
    }

    /** How NASM spells a mnemonic: ENTERW and LEAVEW (66 C8, 66 C9) have no name of their own. */
    public static String name(Mnemonic m) {
        return switch (m) {
            case ENTERW -> "o16 enter";
            case LEAVEW -> "o16 leave";
            default -> m.lowerName();
        };
    }

    private static boolean hasAbsoluteMemory(Instruction insn) {
        return insn.operands().stream().anyMatch(o -> o instanceof Operand.Mem m && m.isAbsolute());
    }

    private static int registerOperandSize(Instruction insn) {
        for (Operand op : insn.operands()) {
            // the count register of a shift says nothing about the operation size
            if (op instanceof Operand.Reg r && r.register().kind() != Register.Kind.CONTROL
                    && !(r.register() == Register.CL && isShift(insn.mnemonic()))) {
                return r.register().size();
            }
        }
        return -1;
    }

    private static String immediate(Instruction insn, Operand.Imm imm) {
        boolean branch = isBranch(insn.mnemonic());
        StringBuilder sb = new StringBuilder();
        if (branch) {
            boolean onlyShort = insn.mnemonic() == Mnemonic.LOOP || insn.mnemonic() == Mnemonic.LOOPE
                    || insn.mnemonic() == Mnemonic.LOOPNE || insn.mnemonic() == Mnemonic.JECXZ;
            if (imm.size() == 1 && !onlyShort) {
                sb.append("short ");
            } else if (imm.size() == 4) {
                sb.append("near ");
            }
            return sb.append(hex(imm.value() & 0xFFFFFFFFL)).toString();
        }
        if (imm.strict()) {
            sb.append("strict ");
        }
        if (imm.size() != 0) {
            sb.append(sizeKeyword(imm.size())).append(' ');
        }
        long v = imm.value();
        sb.append(v < 0 ? "-" + hex(-v) : hex(v));
        return sb.toString();
    }

    private static boolean isShift(Mnemonic m) {
        return switch (m) {
            case ROL, ROR, RCL, RCR, SHL, SHR, SAR -> true;
            default -> false;
        };
    }

    /** Jumps, calls and loops: their operand is a target address. */
    public static boolean isBranch(Mnemonic m) {
        return m.isConditionalJump() || m == Mnemonic.JMP || m == Mnemonic.CALL || m == Mnemonic.LOOP
                || m == Mnemonic.LOOPE || m == Mnemonic.LOOPNE || m == Mnemonic.JECXZ;
    }

    public static String sizeKeyword(int size) {
        return switch (size) {
            case 1 -> "byte";
            case 2 -> "word";
            case 4 -> "dword";
            case 8 -> "qword";
            default -> throw new IllegalArgumentException("no size keyword for " + size);
        };
    }

    static String memory(Operand.Mem m, boolean withSize) {
        StringBuilder sb = new StringBuilder();
        if (m.far()) {
            sb.append("far ");
        } else if (withSize && m.size() != 0) {
            sb.append(sizeKeyword(m.size())).append(' ');
        }
        sb.append('[');
        if (m.segment() != null) {
            sb.append(m.segment().lowerName()).append(':');
        }
        boolean any = false;
        if (m.base() != null) {
            sb.append(m.base().lowerName());
            any = true;
        }
        if (m.index() != null) {
            if (any) {
                sb.append('+');
            }
            sb.append(m.index().lowerName());
            if (m.scale() != 1) {
                sb.append('*').append(m.scale());
            }
            any = true;
        }
        long d = m.displacement();
        if (!any) {
            sb.append(hex(d & 0xFFFFFFFFL));
        } else if (d > 0) {
            sb.append('+').append(hex(d));
        } else if (d < 0) {
            sb.append('-').append(hex(-d));
        }
        return sb.append(']').toString();
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v).toUpperCase(Locale.ROOT);
    }
}
