package dev.ringscope.asm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the preprocessor gets file contents from; tests use an in-memory map. */
public interface SourceLoader {

    String load(Path file) throws IOException;

    /** Reads UTF-8 files from disk; bytes that are not UTF-8 become U+FFFD, which the lexer rejects. */
    static SourceLoader fromDisk() {
        return file -> new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
