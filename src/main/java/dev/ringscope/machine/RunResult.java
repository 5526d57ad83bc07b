package dev.ringscope.machine;

import dev.ringscope.trace.StopReason;

/**
 * How a run ended.
 *
 * @param exitValue the value written to the debug-exit port (0xF4), or 0
 * @param message   a sentence for the user ("triple fault: #GP while delivering #DF")
 */
public record RunResult(StopReason reason, int exitValue, long instructions, long cycles, String message) {
}
