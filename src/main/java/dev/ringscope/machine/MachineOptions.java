package dev.ringscope.machine;

/**
 * How a machine is built.
 *
 * @param memoryBytes   RAM size (a multiple of 4 KiB)
 * @param strictIsa     the sensitive-but-unprivileged instructions trap (#GP) at CPL &gt; 0:
 *                      "what if x86 met Popek and Goldberg?"
 * @param pitDivider    guest instructions per 8254 input-clock tick (1: the PIT counts instructions)
 * @param compileBlocks hot straight-line blocks are compiled to JVM bytecode ({@link BlockCompiler}); the
 *                      result is the same instruction for instruction, only faster. Off: interpret only
 *                      (the reference the compiled code is tested against, and {@code bench}'s baseline)
 */
public record MachineOptions(int memoryBytes, boolean strictIsa, int pitDivider, boolean compileBlocks) {

    public static final int DEFAULT_MEMORY = 32 << 20;

    public MachineOptions {
        if (memoryBytes < (2 << 20) || memoryBytes % 4096 != 0 || memoryBytes > (1 << 30)) {
            throw new IllegalArgumentException("memory must be between 2 MiB and 1 GiB, in 4 KiB pages");
        }
        if (pitDivider < 1) {
            throw new IllegalArgumentException("pitDivider must be at least 1");
        }
    }

    public static MachineOptions defaults() {
        return new MachineOptions(DEFAULT_MEMORY, false, 1, true);
    }

    public MachineOptions withStrictIsa(boolean strict) {
        return new MachineOptions(memoryBytes, strict, pitDivider, compileBlocks);
    }

    public MachineOptions withMemoryBytes(int bytes) {
        return new MachineOptions(bytes, strictIsa, pitDivider, compileBlocks);
    }

    public MachineOptions withCompileBlocks(boolean compile) {
        return new MachineOptions(memoryBytes, strictIsa, pitDivider, compile);
    }
}
