package dev.ringscope.ui.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * The file an editor buffer belongs to: where it is, the text last saved or read, and how the file looked
 * on disk then (time and size) — so a save that would overwrite someone else's change, or a change made by
 * another program, is noticed. A new program has no file until it is saved.
 */
public final class EditorFile {

    private Path path;
    private String savedText;
    private FileTime stampTime;
    private long stampSize = -1;

    private EditorFile(Path path, String savedText) {
        this.path = path;
        this.savedText = savedText;
    }

    /** The text of {@code path}, read as UTF-8. */
    public static EditorFile read(Path path) throws IOException {
        EditorFile f = new EditorFile(path, Files.readString(path, StandardCharsets.UTF_8));
        f.stamp();
        return f;
    }

    /** A program never saved, starting from {@code template}. */
    public static EditorFile untitled(String template) {
        return new EditorFile(null, template);
    }

    /** Null until the program is saved somewhere. */
    public Path path() {
        return path;
    }

    public String savedText() {
        return savedText;
    }

    /** Whether {@code text} differs from what is on disk (or, for a new program, from its template). */
    public boolean isDirty(String text) {
        return path == null ? true : !Objects.equals(text, savedText);
    }

    /** Writes {@code text} to {@code target} (a file beside it, moved into place when whole) and remembers it. */
    public void save(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("no such folder '" + dir + "'");
        }
        Path part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        path = target;
        savedText = text;
        stamp();
    }

    /** Whether the file on disk changed since it was read or saved here (another program wrote it, or removed it). */
    public boolean changedOnDisk() {
        if (path == null) {
            return false;
        }
        try {
            return !Files.getLastModifiedTime(path).equals(stampTime) || Files.size(path) != stampSize;
        } catch (IOException gone) {
            return stampSize >= 0;
        }
    }

    /** Reads the file again (after {@link #changedOnDisk()}); its text becomes the saved text. */
    public String reload() throws IOException {
        savedText = Files.readString(path, StandardCharsets.UTF_8);
        stamp();
        return savedText;
    }

    /** Accepts the disk's state as seen (the user chose to keep the buffer's text over a change on disk). */
    public void acknowledgeDisk() {
        stamp();
    }

    private void stamp() {
        try {
            stampTime = Files.getLastModifiedTime(path);
            stampSize = Files.size(path);
        } catch (IOException e) {
            stampTime = null;
            stampSize = -1;
        }
    }
}
