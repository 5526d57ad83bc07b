package dev.ringscope.machine;

/**
 * An exception the CPU raises (SDM Vol. 3A §6.15), thrown out of the instruction that caused it
 * and delivered through the IDT by the interpreter. Cheap: no Java stack trace.
 */
public final class CpuFault extends RuntimeException {

    public static final int DE = 0, DB = 1, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8, TS = 10, NP = 11,
            SS = 12, GP = 13, PF = 14;

    private final int vector;
    private final int errorCode;
    private final String reason;

    private CpuFault(int vector, int errorCode, String reason) {
        super(reason, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.reason = reason;
    }

    public static CpuFault of(int vector, String reason) {
        return new CpuFault(vector, hasErrorCode(vector) ? 0 : -1, reason);
    }

    public static CpuFault withCode(int vector, int errorCode, String reason) {
        return new CpuFault(vector, errorCode, reason);
    }

    public static CpuFault gp(String reason) {
        return new CpuFault(GP, 0, reason);
    }

    public static CpuFault gp(int selectorErrorCode, String reason) {
        return new CpuFault(GP, selectorErrorCode, reason);
    }

    public int vector() { return vector; }

    /** The error code, or -1 for vectors that push none. */
    public int errorCode() { return errorCode; }

    public String reason() { return reason; }

    /** SDM Vol. 3A Table 6-1: vectors 8, 10–14 and 17 push an error code. */
    public static boolean hasErrorCode(int vector) {
        return vector == DF || (vector >= TS && vector <= PF) || vector == 17;
    }

    /** SDM Vol. 3A Table 6-4: the contributory exceptions. */
    static boolean isContributory(int vector) {
        return vector == DE || (vector >= TS && vector <= GP);
    }

    /** What the CPU does when a second exception arises while it delivers a first (SDM Vol. 3A Table 6-5). */
    public enum Escalation {
        /** Deliver the second exception as it is (the first is dropped; its instruction runs again). */
        SERIALLY,
        /** Deliver a double fault (#DF, vector 8, error code 0). */
        DOUBLE_FAULT,
        /** A fault while delivering #DF: a triple fault, and the processor shuts down. */
        SHUTDOWN
    }

    /**
     * SDM Vol. 3A §6.15, Table 6-5, for the exception {@code first} being delivered and {@code second}
     * raised meanwhile: contributory then contributory, and page fault then page fault or contributory,
     * give #DF; anything during #DF shuts down; the rest are handled serially. Every fault a delivery
     * itself raises (#TS, #NP, #SS, #GP, #PF) is contributory or a page fault, so escalating by this rule
     * ends, at the latest, in a shutdown: software that delivers events (a VMM bouncing them into its
     * guest) uses it too, and cannot loop.
     */
    public static Escalation escalation(int first, int second) {
        if (first == DF) {
            return Escalation.SHUTDOWN;
        }
        boolean contributory = isContributory(second);
        if ((isContributory(first) && contributory) || (first == PF && (contributory || second == PF))) {
            return Escalation.DOUBLE_FAULT;
        }
        return Escalation.SERIALLY;
    }

    public static String mnemonic(int vector) {
        return switch (vector) {
            case 0 -> "#DE";
            case 1 -> "#DB";
            case 2 -> "NMI";
            case 3 -> "#BP";
            case 4 -> "#OF";
            case 5 -> "#BR";
            case 6 -> "#UD";
            case 7 -> "#NM";
            case 8 -> "#DF";
            case 10 -> "#TS";
            case 11 -> "#NP";
            case 12 -> "#SS";
            case 13 -> "#GP";
            case 14 -> "#PF";
            case 16 -> "#MF";
            case 17 -> "#AC";
            case 18 -> "#MC";
            default -> "vector " + vector;
        };
    }
}
