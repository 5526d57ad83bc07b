package dev.ringscope.machine;

/**
 * MOVS, STOS, LODS, CMPS and SCAS with their REP prefixes (SDM Vol. 2B). The source is DS:ESI
 * (or an override), the destination always ES:EDI; DF picks the direction. Registers advance per
 * element, so a fault part-way leaves ECX, ESI and EDI where a restart continues correctly.
 */
final class Strings {

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
        int step = (cpu.eflags() & Cpu.DF) != 0 ? -size : size;
        while (!repeat || cpu.reg[1] != 0) {
            switch (u.op) {
                case MOVSB, MOVSW, MOVSD -> {
                    int v = bus.read(u.stringSeg, cpu.reg[6], size);
                    bus.write(Cpu.ES, cpu.reg[7], size, v);
                    cpu.reg[6] += step;
                    cpu.reg[7] += step;
                }
                case STOSB, STOSW, STOSD -> {
                    bus.write(Cpu.ES, cpu.reg[7], size, cpu.read(0, size));
                    cpu.reg[7] += step;
                }
                case LODSB, LODSW, LODSD -> {
                    cpu.write(0, size, bus.read(u.stringSeg, cpu.reg[6], size));
                    cpu.reg[6] += step;
                }
                case CMPSB, CMPSW, CMPSD -> {
                    int a = bus.read(u.stringSeg, cpu.reg[6], size);
                    int b = bus.read(Cpu.ES, cpu.reg[7], size);
                    Alu.sub(cpu, a, b, 0, size);
                    cpu.reg[6] += step;
                    cpu.reg[7] += step;
                }
                default -> { // SCASB, SCASW, SCASD
                    int b = bus.read(Cpu.ES, cpu.reg[7], size);
                    Alu.sub(cpu, cpu.read(0, size), b, 0, size);
                    cpu.reg[7] += step;
                }
            }
            if (!repeat) {
                return;
            }
            cpu.reg[1]--;
            in.machine().chargeRepeat();
            if (compares) {
                boolean zf = (cpu.eflags() & Cpu.ZF) != 0;
                if (u.rep != zf) {
                    return; // REPE stops on a difference, REPNE on a match
                }
            }
        }
    }
}
