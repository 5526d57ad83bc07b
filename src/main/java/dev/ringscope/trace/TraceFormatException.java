package dev.ringscope.trace;

import java.io.IOException;

/** The input is not a trace this code can read at all: no header, or a newer schema version. */
public final class TraceFormatException extends IOException {

    public TraceFormatException(String message) {
        super(message);
    }
}
