package dev.ringscope.asm;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when assembly cannot go on; carries every error found, not just the first. */
public final class AsmException extends Exception {

    private final List<AsmError> errors;

    public AsmException(List<AsmError> errors) {
        super(errors.stream().map(AsmError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<AsmError> errors() {
        return errors;
    }
}
