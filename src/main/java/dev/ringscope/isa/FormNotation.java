package dev.ringscope.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads one line of {@link FormTable}'s notation: {@code "add rm32,simm8 | 83 /0 ib"}. */
final class FormNotation {

    private FormNotation() {
    }

    static Form parse(String line) {
        String[] halves = line.split("\\|");
        if (halves.length != 2) {
            throw new IllegalArgumentException("form needs 'operands | encoding': " + line);
        }
        String[] head = halves[0].trim().split("\\s+", 2);
        Mnemonic mnemonic = Mnemonic.byName(head[0]);
        if (mnemonic == null && (head[0].equals("enterw") || head[0].equals("leavew"))) {
            mnemonic = Mnemonic.valueOf(head[0].toUpperCase(Locale.ROOT)); // no NASM name: "o16 enter", "o16 leave"
        }
        if (mnemonic == null) {
            throw new IllegalArgumentException("unknown mnemonic in form: " + line);
        }
        List<Pattern> operands = new ArrayList<>();
        if (head.length > 1) {
            for (String p : head[1].split(",")) {
                operands.add(pattern(p.trim(), line));
            }
        }

        List<Byte> opcode = new ArrayList<>();
        boolean o16 = false;
        boolean plusReg = false;
        Form.ModRm modRm = Form.ModRm.NONE;
        int digit = 0;
        List<Form.FieldKind> fieldKinds = new ArrayList<>();
        for (String tok : halves[1].trim().split("\\s+")) {
            switch (tok) {
                case "o16" -> o16 = true;
                case "+r" -> plusReg = true;
                case "/r" -> modRm = Form.ModRm.REG;
                case "/rr" -> modRm = Form.ModRm.REG_TWICE;
                case "ib" -> fieldKinds.add(Form.FieldKind.IB);
                case "iw" -> fieldKinds.add(Form.FieldKind.IW);
                case "id" -> fieldKinds.add(Form.FieldKind.ID);
                case "rb" -> fieldKinds.add(Form.FieldKind.RB);
                case "rd" -> fieldKinds.add(Form.FieldKind.RD);
                case "ptr" -> fieldKinds.add(Form.FieldKind.PTR);
                case "mo" -> fieldKinds.add(Form.FieldKind.MOFFS);
                default -> {
                    if (tok.startsWith("/")) {
                        modRm = Form.ModRm.DIGIT;
                        digit = Integer.parseInt(tok.substring(1));
                    } else {
                        opcode.add((byte) Integer.parseInt(tok, 16));
                    }
                }
            }
        }

        int regOperand = -1;
        int rmOperand = -1;
        for (int i = 0; i < operands.size(); i++) {
            Pattern p = operands.get(i);
            if (p.goesInRm()) {
                rmOperand = i;
            }
        }
        if (modRm == Form.ModRm.REG || modRm == Form.ModRm.REG_TWICE || plusReg) {
            for (int i = 0; i < operands.size(); i++) {
                Pattern p = operands.get(i);
                boolean general = p == Pattern.R8 || p == Pattern.R16 || p == Pattern.R32;
                if (i != rmOperand && (general || p == Pattern.SREG || p == Pattern.CR) && regOperand < 0) {
                    regOperand = i;
                }
            }
            // mov r32,cr / mov cr,r32 / mov r32,sreg: the special register goes in reg, the general one in rm
            if (rmOperand < 0 && modRm == Form.ModRm.REG) {
                for (int i = 0; i < operands.size(); i++) {
                    Pattern p = operands.get(i);
                    if (p == Pattern.SREG || p == Pattern.CR) {
                        regOperand = i;
                    } else if (p == Pattern.R8 || p == Pattern.R16 || p == Pattern.R32) {
                        rmOperand = i;
                    }
                }
            }
            if (modRm == Form.ModRm.REG_TWICE) {
                rmOperand = regOperand;
            }
        }
        if (modRm == Form.ModRm.DIGIT && rmOperand < 0) {
            // smsw r32, sldt r16 …: a general register in ModRM.rm
            for (int i = 0; i < operands.size(); i++) {
                Pattern p = operands.get(i);
                if (p == Pattern.R8 || p == Pattern.R16 || p == Pattern.R32) {
                    rmOperand = i;
                }
            }
        }

        List<Form.Field> fields = new ArrayList<>();
        int next = 0;
        for (Form.FieldKind kind : fieldKinds) {
            while (next < operands.size() && !carriesField(operands.get(next))) {
                next++;
            }
            if (next >= operands.size()) {
                throw new IllegalArgumentException("immediate field without an operand: " + line);
            }
            fields.add(new Form.Field(kind, next++));
        }

        byte[] bytes = new byte[opcode.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = opcode.get(i);
        }
        return new Form(mnemonic, List.copyOf(operands), bytes, o16, modRm, digit, regOperand, rmOperand, plusReg,
                List.copyOf(fields), operandSize(operands, o16), row(mnemonic, operands), line.trim());
    }

    private static boolean carriesField(Pattern p) {
        return switch (p) {
            case IMM8, IMM16, IMM32, SIMM8, REL8, REL32, FAR_PTR, MOFFS8, MOFFS16, MOFFS32 -> true;
            default -> false;
        };
    }

    private static int operandSize(List<Pattern> operands, boolean o16) {
        if (o16) {
            return 2;
        }
        for (Pattern p : operands) {
            switch (p) {
                case R8, RM8, AL, MOFFS8 -> {
                    return 1;
                }
                default -> {
                }
            }
        }
        return 4;
    }

    private static String row(Mnemonic m, List<Pattern> operands) {
        String name = Syntax.name(m);
        boolean sreg = operands.stream().anyMatch(p -> p == Pattern.SREG || p.size() == 2 && p.fixedRegister() != null
                && p.fixedRegister().kind() == Register.Kind.SEGMENT);
        boolean cr = operands.contains(Pattern.CR);
        boolean far = operands.contains(Pattern.FAR_PTR) || operands.contains(Pattern.FAR_MEM);
        if (cr) {
            return name + " cr";
        }
        if (sreg) {
            return name + " sreg";
        }
        if (far) {
            return name + " far";
        }
        if (m == Mnemonic.INT) {
            return "int n";
        }
        return name;
    }

    private static Pattern pattern(String text, String line) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "r8" -> Pattern.R8;
            case "r16" -> Pattern.R16;
            case "r32" -> Pattern.R32;
            case "rm8" -> Pattern.RM8;
            case "rm16" -> Pattern.RM16;
            case "rm32" -> Pattern.RM32;
            case "m" -> Pattern.M;
            case "m16" -> Pattern.M16;
            case "m32" -> Pattern.M32;
            case "m64" -> Pattern.M64;
            case "farmem" -> Pattern.FAR_MEM;
            case "moffs8" -> Pattern.MOFFS8;
            case "moffs16" -> Pattern.MOFFS16;
            case "moffs32" -> Pattern.MOFFS32;
            case "imm8" -> Pattern.IMM8;
            case "imm16" -> Pattern.IMM16;
            case "imm32" -> Pattern.IMM32;
            case "simm8" -> Pattern.SIMM8;
            case "1" -> Pattern.ONE;
            case "rel8" -> Pattern.REL8;
            case "rel32" -> Pattern.REL32;
            case "farptr" -> Pattern.FAR_PTR;
            case "al" -> Pattern.AL;
            case "ax" -> Pattern.AX;
            case "eax" -> Pattern.EAX;
            case "cl" -> Pattern.CL;
            case "dx" -> Pattern.DX;
            case "sreg" -> Pattern.SREG;
            case "cr" -> Pattern.CR;
            case "es" -> Pattern.ES;
            case "cs" -> Pattern.CS;
            case "ss" -> Pattern.SS;
            case "ds" -> Pattern.DS;
            case "fs" -> Pattern.FS;
            case "gs" -> Pattern.GS;
            default -> throw new IllegalArgumentException("unknown operand pattern '" + text + "' in " + line);
        };
    }
}
