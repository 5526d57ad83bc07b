package dev.ringscope.machine;

/**
 * MOVS, STOS, LODS, CMPS and SCAS with their REP prefixes (SDM Vol. 2B). The source is DS:ESI
 * (or an override), the destination always ES:EDI; DF picks the direction. Registers advance per
 * element, so a fault part-way leaves ECX, ESI and EDI where a restart continues correctly. With
 * the 0x67 prefix the registers are SI, DI and CX: addresses and counts wrap at 16 bits and the
 * upper halves stay as they were (SDM Vol. 1 §7.3.9.1, "address-size attribute").
 */
final class Strings {

    static final int ECX = 1, ESI = 6, EDI = 7;

    private Strings() {
    }

    static void execute(Interpreter in, Uop u) {
        Cpu cpu = in.cpu();
        Bus bus = in.bus();
        int size = switch (u.op) {
            case MOVSB, STOSB, LODSB, CMPSB, SCASB -> 1;
            case MOVSW, STOSW, LODSW, CMPSW, SCASW -> 2;
            default -> 4;
        };
        boolean repeat = u.rep || u.repne;
        boolean compares = switch (u.op) {
            case CMPSB, CMPSW, CMPSD, SCASB, SCASW, SCASD -> true;
            default -> false;
        };
        boolean a16 = u.addr16;
        int step = (cpu.eflags() & Cpu.DF) != 0 ? -size : size;
        while (!repeat || count(cpu, a16) != 0) {
            switch (u.op) {
                case MOVSB, MOVSW, MOVSD -> {
                    int v = bus.read(u.stringSeg, address(cpu, ESI, a16), size);
                    bus.write(Cpu.ES, address(cpu, EDI, a16), size, v);
                    advance(cpu, ESI, step, a16);
                    advance(cpu, EDI, step, a16);
                }
                case STOSB, STOSW, STOSD -> {
                    bus.write(Cpu.ES, address(cpu, EDI, a16), size, cpu.read(0, size));
                    advance(cpu, EDI, step, a16);
                }
                case LODSB, LODSW, LODSD -> {
                    cpu.write(0, size, bus.read(u.stringSeg, address(cpu, ESI, a16), size));
                    advance(cpu, ESI, step, a16);
                }
                case CMPSB, CMPSW, CMPSD -> {
                    int a = bus.read(u.stringSeg, address(cpu, ESI, a16), size);
                    int b = bus.read(Cpu.ES, address(cpu, EDI, a16), size);
                    Alu.sub(cpu, a, b, 0, size);
                    advance(cpu, ESI, step, a16);
                    advance(cpu, EDI, step, a16);
                }
                default -> { // SCASB, SCASW, SCASD
                    int b = bus.read(Cpu.ES, address(cpu, EDI, a16), size);
                    Alu.sub(cpu, cpu.read(0, size), b, 0, size);
                    advance(cpu, EDI, step, a16);
                }
            }
            if (!repeat) {
                return;
            }
            advance(cpu, ECX, -1, a16);
            in.machine().chargeRepeat();
            if (compares) {
                boolean zf = (cpu.eflags() & Cpu.ZF) != 0;
                if (u.rep != zf) {
                    return; // REPE stops on a difference, REPNE on a match
                }
            }
        }
    }

    /** The offset in ESI or EDI, or in SI or DI with 16-bit addresses. */
    static int address(Cpu cpu, int register, boolean a16) {
        return a16 ? cpu.reg[register] & 0xFFFF : cpu.reg[register];
    }

    /** The repeat count: ECX, or CX with 16-bit addresses. */
    static int count(Cpu cpu, boolean a16) {
        return address(cpu, ECX, a16);
    }

    /** Moves ESI, EDI or ECX by {@code step}; with 16-bit addresses only the low half, wrapping. */
    static void advance(Cpu cpu, int register, int step, boolean a16) {
        if (a16) {
            cpu.setReg16(register, cpu.reg[register] + step);
        } else {
            cpu.reg[register] += step;
        }
    }
}
