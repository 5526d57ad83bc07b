package dev.ringscope.trace;

/**
 * Where a run's events go: a {@link Trace} in memory, a {@link TraceWriter} file, the UI. The
 * three kinds that come once per instruction have their own methods so a sink that stores them
 * compactly need not have a record made for each.
 */
@FunctionalInterface
public interface EventSink {

    void accept(Event event);

    default void instructionRetired(long seq, long cycle, int eip, int cpl, byte[] bytes) {
        accept(new Event.InstructionRetired(seq, cycle, eip, cpl, bytes));
    }

    default void registerWrite(long seq, long cycle, ArchRegister register, int value) {
        accept(new Event.RegisterWrite(seq, cycle, register, value));
    }

    default void memoryAccess(long seq, long cycle, int linear, int physical, int size, int value, boolean write) {
        accept(new Event.MemoryAccess(seq, cycle, linear, physical, size, value, write));
    }
}
