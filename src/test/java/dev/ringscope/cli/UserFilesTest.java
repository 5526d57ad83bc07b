package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java's file exceptions often say only the path; the user is told the reason instead. */
class UserFilesTest {

    @Test
    void exceptionsThatCarryOnlyThePathBecomeTheirReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.png");
        assertReason("no such file", file, new NoSuchFileException(file.toString()));
        assertReason("no such folder '" + dir.resolve("gone") + "'", dir.resolve("gone/out.png"),
                new NoSuchFileException(dir.resolve("gone/out.png").toString()));
        assertReason("permission denied", file, new AccessDeniedException(file.toString()));
        assertReason("it is a folder, not a file", file, new FileSystemException(file.toString(), null, "Is a directory"));
        assertReason("no space left on device", file,
                new FileSystemException(file.toString(), null, "No space left on device"));
        assertReason("it is a folder, not a file", file, new FileNotFoundException(file + " (Is a directory)"));
        assertReason("input/output error (IOException)", file, new IOException(file.toString()));
        assertReason("the disk fell off", file, new IOException("The disk fell off"));
    }

    private static void assertReason(String expected, Path file, IOException e) {
        String reason = UserFiles.reason(file, e);
        assertEquals(expected, reason);
        assertFalse(reason.contains(file.toString()) && !expected.contains(file.toString()), reason);
    }

    @Test
    void anOutputThatIsNotCommittedLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("t.jsonl");
        try (UserFiles.Output out = UserFiles.Output.prepare(target)) {
            Files.writeString(out.temporary(), "half");
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        try (UserFiles.Output out = UserFiles.Output.prepare(target)) {
            Files.writeString(out.temporary(), "whole");
            out.commit();
        }
        assertEquals("whole", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
