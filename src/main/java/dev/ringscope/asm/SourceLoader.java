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
    /** Why a file could not be read, in words: Java's NoSuchFileException says only the path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof java.nio.file.FileSystemException f ? f.getReason() : e.getMessage();
        if (why == null) {
            return e.getClass().getSimpleName();
        }
        return why.equals("Is a directory") ? "it is a folder, not a file" : why;
    }

    static SourceLoader fromDisk() {
        return file -> SourceText.decode(Files.readAllBytes(file));
    }

    /**
     * {@code text} for {@code file} (an editor's unsaved buffer), every other file from disk: the program as
     * it is on screen assembles with the includes it has on disk.
     */
    static SourceLoader overlay(Path file, String text) {
        Path edited = file.toAbsolutePath().normalize();
        SourceLoader disk = fromDisk();
        return f -> f.getFileSystem() == edited.getFileSystem() && f.toAbsolutePath().normalize().equals(edited)
                ? text : disk.load(f);
    }
}
