package dev.ringscope.machine;

/**
 * MUL, IMUL, DIV and IDIV (SDM Vol. 2A/2B). Division by zero and quotients that do not fit raise
 * #DE. Flags the SDM leaves undefined follow QEMU: ZF, SF, PF from the low half, AF clear.
 */
final class MulDiv {

    private MulDiv() {
    }

    private static void flags(Cpu cpu, int low, int size, boolean overflow) {
        int f = (cpu.eflags() & ~Cpu.ARITH_FLAGS) | Alu.szp(low, size) | (overflow ? Cpu.CF | Cpu.OF : 0);
        cpu.setEflags(f);
    }

    static void mul(Cpu cpu, int src, int size) {
        switch (size) {
            case 1 -> {
                int r = (cpu.reg[0] & 0xFF) * (src & 0xFF);
                cpu.setReg16(0, r);
                flags(cpu, r, 1, (r & 0xFF00) != 0);
            }
            case 2 -> {
                int r = (cpu.reg[0] & 0xFFFF) * (src & 0xFFFF);
                cpu.setReg16(0, r);
                cpu.setReg16(2, r >>> 16);
                flags(cpu, r, 2, (r >>> 16) != 0);
            }
            default -> {
                long r = (cpu.reg[0] & 0xFFFF_FFFFL) * (src & 0xFFFF_FFFFL);
                cpu.reg[0] = (int) r;
                cpu.reg[2] = (int) (r >>> 32);
                flags(cpu, (int) r, 4, (r >>> 32) != 0);
            }
        }
    }

    static void imul1(Cpu cpu, int src, int size) {
        switch (size) {
            case 1 -> {
                int r = (byte) cpu.reg[0] * (byte) src;
                cpu.setReg16(0, r);
                flags(cpu, r, 1, r != (byte) r);
            }
            case 2 -> {
                int r = (short) cpu.reg[0] * (short) src;
                cpu.setReg16(0, r);
                cpu.setReg16(2, r >>> 16);
                flags(cpu, r, 2, r != (short) r);
            }
            default -> {
                long r = (long) cpu.reg[0] * src;
                cpu.reg[0] = (int) r;
                cpu.reg[2] = (int) (r >>> 32);
                flags(cpu, (int) r, 4, r != (int) r);
            }
        }
    }

    /** Two- and three-operand IMUL: the truncated product; CF = OF = it did not fit. */
    static int imul(Cpu cpu, int a, int b, int size) {
        long r = (long) Interpreter.signExtend(a, size) * Interpreter.signExtend(b, size);
        int truncated = (int) r;
        boolean overflow = size == 4 ? r != truncated : r != Interpreter.signExtend(truncated, size);
        flags(cpu, truncated, size, overflow);
        return truncated;
    }

    static void div(Cpu cpu, int src, int size) {
        switch (size) {
            case 1 -> {
                int divisor = src & 0xFF;
                if (divisor == 0) {
                    throw divideError("div by zero");
                }
                int dividend = cpu.reg[0] & 0xFFFF;
                int q = dividend / divisor;
                if (q > 0xFF) {
                    throw divideError("quotient too large for AL");
                }
                cpu.setReg16(0, (dividend % divisor) << 8 | q);
            }
            case 2 -> {
                int divisor = src & 0xFFFF;
                if (divisor == 0) {
                    throw divideError("div by zero");
                }
                long dividend = (cpu.reg[2] & 0xFFFFL) << 16 | (cpu.reg[0] & 0xFFFF);
                long q = dividend / divisor;
                if (q > 0xFFFF) {
                    throw divideError("quotient too large for AX");
                }
                cpu.setReg16(0, (int) q);
                cpu.setReg16(2, (int) (dividend % divisor));
            }
            default -> {
                long divisor = src & 0xFFFF_FFFFL;
                if (divisor == 0) {
                    throw divideError("div by zero");
                }
                long hi = cpu.reg[2] & 0xFFFF_FFFFL;
                long lo = cpu.reg[0] & 0xFFFF_FFFFL;
                if (hi >= divisor) {
                    throw divideError("quotient too large for EAX");
                }
                long dividend = hi << 32 | lo;
                cpu.reg[0] = (int) Long.divideUnsigned(dividend, divisor);
                cpu.reg[2] = (int) Long.remainderUnsigned(dividend, divisor);
            }
        }
    }

    static void idiv(Cpu cpu, int src, int size) {
        long divisor = Interpreter.signExtend(src, size);
        if (divisor == 0) {
            throw divideError("idiv by zero");
        }
        long dividend = switch (size) {
            case 1 -> (short) cpu.reg[0];
            case 2 -> (int) ((cpu.reg[2] & 0xFFFF) << 16 | (cpu.reg[0] & 0xFFFF));
            default -> (long) cpu.reg[2] << 32 | (cpu.reg[0] & 0xFFFF_FFFFL);
        };
        if (size == 4 && dividend == Long.MIN_VALUE && divisor == -1) {
            throw divideError("quotient too large for EAX");
        }
        long q = dividend / divisor;
        long r = dividend % divisor;
        long min = size == 1 ? Byte.MIN_VALUE : size == 2 ? Short.MIN_VALUE : Integer.MIN_VALUE;
        long max = size == 1 ? Byte.MAX_VALUE : size == 2 ? Short.MAX_VALUE : Integer.MAX_VALUE;
        if (q < min || q > max) {
            throw divideError("quotient does not fit");
        }
        switch (size) {
            case 1 -> cpu.setReg16(0, ((int) r & 0xFF) << 8 | ((int) q & 0xFF));
            case 2 -> {
                cpu.setReg16(0, (int) q);
                cpu.setReg16(2, (int) r);
            }
            default -> {
                cpu.reg[0] = (int) q;
                cpu.reg[2] = (int) r;
            }
        }
    }

    private static CpuFault divideError(String why) {
        return CpuFault.of(CpuFault.DE, "divide error: " + why);
    }
}
