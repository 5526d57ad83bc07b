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
}
