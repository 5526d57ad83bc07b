package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects errors and warnings for one assembly. Capped, so that a huge garbage file produces
 * a readable report instead of millions of lines (and cannot exhaust memory).
 */
public final class Diagnostics {

    public static final int MAX_ERRORS = 100;
    public static final int MAX_WARNINGS = 100;
    static final String TOO_MANY = "too many errors, stopping";

    private final List<AsmError> errors = new ArrayList<>();
    private final List<AsmWarning> warnings = new ArrayList<>();
    private boolean full;

    public void error(SourcePos pos, String message) {
        if (full) {
            return;
        }
        if (errors.size() == MAX_ERRORS) {
            errors.add(new AsmError(pos, TOO_MANY));
            full = true;
            return;
        }
        errors.add(new AsmError(pos, message));
    }

    public void warning(SourcePos pos, String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new AsmWarning(pos, message));
        }
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** True once the error cap is reached: callers may stop working, nothing more is recorded. */
    public boolean isFull() {
        return full;
    }

    public List<AsmError> errors() {
        return List.copyOf(errors);
    }

    public List<AsmWarning> warnings() {
        return List.copyOf(warnings);
    }

    public void throwIfErrors() throws AsmException {
        if (hasErrors()) {
            throw new AsmException(errors);
        }
    }
}
