package dev.ringscope.trace;

import java.util.HashMap;
import java.util.Map;

/**
 * The kinds of {@link Event}, one per record. {@link #jsonName()} is the stable name a trace file
 * uses in {@code "type"}; it never changes with a class rename, and the order of the constants is
 * not part of the file format.
 */
public enum EventKind {
    INSTRUCTION_RETIRED("instructionRetired", Event.InstructionRetired.class),
    REGISTER_WRITE("registerWrite", Event.RegisterWrite.class),
    MEMORY_ACCESS("memoryAccess", Event.MemoryAccess.class),
    RING_TRANSITION("ringTransition", Event.RingTransition.class),
    EXCEPTION_RAISED("exceptionRaised", Event.ExceptionRaised.class),
    INTERRUPT_DELIVERED("interruptDelivered", Event.InterruptDelivered.class),
    SYSTEM_CALL("systemCall", Event.SystemCall.class),
    IO_ACCESS("ioAccess", Event.IoAccess.class),
    VM_EXIT("vmExit", Event.VmExit.class),
    VM_ENTRY("vmEntry", Event.VmEntry.class),
    HYPERCALL("hypercall", Event.Hypercall.class),
    EMULATED_INSTRUCTION("emulatedInstruction", Event.EmulatedInstruction.class),
    BLOCK_TRANSLATED("blockTranslated", Event.BlockTranslated.class),
    TRANSLATION_INVALIDATED("translationInvalidated", Event.TranslationInvalidated.class),
    VIRTUALIZATION_HOLE("virtualizationHole", Event.VirtualizationHole.class),
    CONSOLE_OUTPUT("consoleOutput", Event.ConsoleOutput.class),
    GUEST_HALTED("guestHalted", Event.GuestHalted.class),
    RUN_ENDED("runEnded", Event.RunEnded.class),
    VM_SWITCH("vmSwitch", Event.VmSwitch.class);

    private static final EventKind[] VALUES = values();
    private static final Map<String, EventKind> BY_JSON_NAME = new HashMap<>();
    private static final ClassValue<EventKind> BY_CLASS = new ClassValue<>() {
        @Override
        protected EventKind computeValue(Class<?> type) {
            for (EventKind kind : VALUES) {
                if (kind.recordClass == type) {
                    return kind;
                }
            }
            return null;
        }
    };

    static {
        for (EventKind kind : VALUES) {
            BY_JSON_NAME.put(kind.jsonName, kind);
        }
    }

    private final String jsonName;
    private final Class<? extends Event> recordClass;

    EventKind(String jsonName, Class<? extends Event> recordClass) {
        this.jsonName = jsonName;
        this.recordClass = recordClass;
    }

    /** The name in a trace file's {@code "type"} field, e.g. {@code instructionRetired}. */
    public String jsonName() {
        return jsonName;
    }

    public Class<? extends Event> recordClass() {
        return recordClass;
    }

    /** The kind of an event. */
    public static EventKind of(Event event) {
        return BY_CLASS.get(event.getClass());
    }

    /** The kind a trace file names, or {@code null} if no kind has that name. */
    public static EventKind fromJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }

    static EventKind of(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }
}
