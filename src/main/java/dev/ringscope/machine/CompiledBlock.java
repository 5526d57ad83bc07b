package dev.ringscope.machine;

/**
 * A {@link Block} compiled to one JVM method by {@link BlockCompiler}: the guest registers live in
 * local variables, the arithmetic flags of all but the block's last flag-setting instruction are
 * never stored, and the JIT sees the whole block as straight-line code.
 *
 * <p>Its contract is {@link Interpreter#runStraight}'s for the whole block: it returns how many
 * instructions ran (fewer when one of them wrote over the block's own code, {@code page} then
 * invalid); a fault leaves the CPU as it was before the faulting instruction, its index in
 * {@link Interpreter#faultAt}, and propagates. {@code cpu.eip} is already past the block on entry.
 */
abstract class CompiledBlock {

    abstract int run(Cpu cpu, Bus bus, CodeCache.Page page, Interpreter interpreter);

    // helpers the generated code calls (small and static, so the JIT inlines them)

    /** CF after a 32-bit ADD/ADC (see {@link Cpu#carryFlag()}). */
    static int addCarry(int a, int carryIn, int result) {
        return (carryIn == 0 ? Integer.compareUnsigned(result, a) < 0 : Integer.compareUnsigned(result, a) <= 0) ? 1 : 0;
    }

    /** CF after a 32-bit SUB/SBB/CMP. */
    static int subCarry(int a, int b, int borrowIn) {
        return (borrowIn == 0 ? Integer.compareUnsigned(a, b) < 0 : Integer.compareUnsigned(a, b) <= 0) ? 1 : 0;
    }

    static boolean below(int a, int b) {
        return Integer.compareUnsigned(a, b) < 0;
    }

    static boolean belowOrEqual(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0;
    }
}
