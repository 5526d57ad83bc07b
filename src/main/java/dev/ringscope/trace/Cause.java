package dev.ringscope.trace;

/** Why execution crossed rings; the UI colours crossings by cause. */
public enum Cause {
    SYSTEM_CALL, EXCEPTION, INTERRUPT, VM_EXIT, VM_ENTRY, HYPERCALL, RETURN, FAR_TRANSFER
}
