package dev.ringscope.ui.editor;

import dev.ringscope.asm.AsmError;
import dev.ringscope.asm.AsmWarning;
import dev.ringscope.asm.SourcePos;
import java.nio.file.Path;

/**
 * An assembler diagnostic as the editor shows it: where (file, line, column from the assembler's own
 * positions), what, and whether it is in the file being edited (underlined there) or in a file it includes
 * (listed, with its file).
 */
public record Problem(String file, int line, int column, String message, boolean error, boolean inEditedFile) {

    public static Problem of(AsmError e, Path edited) {
        return of(e.pos(), e.message(), true, edited);
    }

    public static Problem of(AsmWarning w, Path edited) {
        return of(w.pos(), w.message(), false, edited);
    }

    private static Problem of(SourcePos pos, String message, boolean error, Path edited) {
        boolean here = false;
        String file = pos == null ? "" : pos.file();
        if (edited != null && file != null && !file.isEmpty()) {
            try {
                here = Path.of(file).toAbsolutePath().normalize().equals(edited.toAbsolutePath().normalize());
            } catch (java.nio.file.InvalidPathException notAPath) {
                here = false;
            }
        }
        return new Problem(file == null ? "" : file, pos == null ? 0 : pos.line(), pos == null ? 0 : pos.column(),
                message, error, here);
    }

    /** "12:5: error: unknown instruction 'movv'" here, with the file's name for an included file. */
    public String describe() {
        String where = (inEditedFile ? "" : Path.of(file).getFileName() + ":") + line + (column > 0 ? ":" + column : "");
        return where + ": " + (error ? "error" : "warning") + ": " + message;
    }
}
