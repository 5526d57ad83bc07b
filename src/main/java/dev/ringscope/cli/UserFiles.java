package dev.ringscope.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that checks files a user names on the command line, and says what is wrong with
 * them in one line: which file (quoted, so an empty name shows as {@code ''}) and why, in words
 * rather than Java's exception names (a {@link NoSuchFileException}'s message is only the path).
 */
final class UserFiles {

    private UserFiles() {
    }

    /** A user-named file that cannot be used; the message is "cannot read|write 'path': reason". */
    static final class FileProblem extends IOException {
        FileProblem(String message) {
            super(message);
        }
    }

    /** A path as messages show it: in single quotes, so '' and names with spaces are visible. */
    static String quote(Path path) {
        return quote(path.toString());
    }

    static String quote(String name) {
        return "'" + name + "'";
    }

    /** Checks that {@code file} is a file that can be read; the problem named if not. */
    static void requireReadable(Path file) throws FileProblem {
        String why = null;
        if (file.toString().isEmpty()) {
            why = "the file name is empty";
        } else if (Files.isDirectory(file)) {
            why = "it is a folder, not a file";
        } else if (!Files.exists(file)) {
            why = missing(file);
        } else if (!Files.isReadable(file)) {
            why = "permission denied";
        }
        if (why != null) {
            throw new FileProblem("cannot read " + quote(file) + ": " + why);
        }
    }

    /** "no such file", or "no such folder 'x'" when the folder it should be in is missing. */
    private static String missing(Path file) {
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            return Files.exists(folder) ? quote(folder) + " is not a folder" : "no such folder " + quote(folder);
        }
        return "no such file";
    }

    /** What went wrong with {@code file}, in words: Java's file exceptions often carry only the path. */
    static String reason(Path file, IOException e) {
        if (e instanceof FileProblem) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return missing(file);
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a folder";
        }
        String text;
        if (e instanceof FileSystemException fse) {
            text = fse.getReason();
        } else if (e instanceof FileNotFoundException && e.getMessage() != null && e.getMessage().endsWith(")")) {
            // java.io says "path (reason)"
            String m = e.getMessage();
            text = m.substring(m.lastIndexOf('(') + 1, m.length() - 1);
        } else {
            text = e.getMessage();
        }
        if (text == null || text.isBlank() || text.equals(file.toString())) {
            return "input/output error (" + e.getClass().getSimpleName() + ")";
        }
        text = text.trim();
        if (text.equalsIgnoreCase("Is a directory")) {
            return "it is a folder, not a file";
        }
        if (text.equalsIgnoreCase("Not a directory")) {
            return "a part of the path is not a folder";
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** The message for a file that could not be read: "cannot read 'path': reason". */
    static String cannotRead(Path file, IOException e) {
        return e instanceof FileProblem || e instanceof dev.ringscope.elf.ElfException ? e.getMessage() : "cannot read " + quote(file) + ": " + reason(file, e);
    }

    /**
     * A file a command writes (asm -o, run --trace, render -o, …). {@link #prepare} checks the path before
     * any work is done; the command writes {@link #temporary()}, a new file beside the target, and
     * {@link #commit()} moves it into place, so a failed command leaves no half-written file behind
     * (and leaves an existing file as it was). {@link #close()} removes the temporary file if it was not
     * committed.
     */
    static final class Output implements AutoCloseable {
        private final Path named;
        private final Path target;
        private final Path temporary;
        private boolean committed;

        private Output(Path named, Path target, Path temporary) {
            this.named = named;
            this.target = target;
            this.temporary = temporary;
        }

        /** Where to write; the target itself when it is not a regular file (a device such as /dev/null). */
        Path temporary() {
            return temporary;
        }

        /** The file as the user named it. */
        Path named() {
            return named;
        }

        /** Checks {@code file} can be written and makes the temporary file beside it. */
        static Output prepare(Path file) throws FileProblem {
            String name = file.toString();
            if (name.isEmpty()) {
                throw problem(file, "the file name is empty");
            }
            if (Files.isDirectory(file)) {
                throw problem(file, "it is a folder, not a file");
            }
            Path real = file;
            if (Files.exists(file)) {
                try {
                    real = file.toRealPath(); // write through a symbolic link, as other tools do
                } catch (IOException e) {
                    throw problem(file, reason(file, e));
                }
                if (!Files.isRegularFile(real)) {
                    if (!Files.isWritable(real)) {
                        throw problem(file, "permission denied");
                    }
                    return new Output(file, real, real); // a device or a pipe: no temporary, no rename
                }
                if (!Files.isWritable(real)) {
                    throw problem(file, "permission denied");
                }
            }
            Path folder = real.toAbsolutePath().getParent();
            Path shownFolder = file.getParent() == null ? Path.of(".") : file.getParent();
            if (folder == null || !Files.exists(folder)) {
                throw problem(file, "no such folder " + quote(shownFolder));
            }
            if (!Files.isDirectory(folder)) {
                throw problem(file, quote(shownFolder) + " is not a folder");
            }
            for (int attempt = 0; ; attempt++) {
                Path temporary = folder.resolve(".ringscope-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".part");
                try {
                    return new Output(file, real, Files.createFile(temporary));
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 10) {
                        throw problem(file, "cannot make a temporary file in " + quote(shownFolder));
                    }
                } catch (AccessDeniedException e) {
                    throw problem(file, "permission denied (folder " + quote(shownFolder) + ")");
                } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
                    throw problem(file, e instanceof IOException io ? reason(folder, io) : e.getMessage());
                }
            }
        }

        /** Moves what was written into place. */
        void commit() throws IOException {
            if (temporary.equals(target)) {
                committed = true;
                return;
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        /** The message for a failure while writing: "cannot write 'path': reason". */
        String cannotWrite(IOException e) {
            return "cannot write " + quote(named) + ": " + reason(named, e);
        }

        @Override
        public void close() {
            if (!committed && !temporary.equals(target)) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // nothing more to do: the temporary name says what it is
                }
            }
        }

        private static FileProblem problem(Path file, String why) {
            return new FileProblem("cannot write " + quote(file) + ": " + why);
        }
    }
}
