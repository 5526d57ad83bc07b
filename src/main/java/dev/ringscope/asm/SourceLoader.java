package dev.ringscope.asm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the preprocessor gets file contents from; tests use an in-memory map. */
public interface SourceLoader {

    String load(Path file) throws IOException;

    /**
     * Reads UTF-8 files from disk; each byte that is not UTF-8 is kept as it was ({@link SourceText}),
     * so a string can hold it and the lexer can say which byte and where.
     */
    static SourceLoader fromDisk() {
        return file -> SourceText.decode(Files.readAllBytes(file));
    }
}
