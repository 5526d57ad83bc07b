package dev.ringscope.ui.editor;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Unsaved edits kept on disk while they are unsaved, so a crash, a kill -9 or a power cut loses at most a few
 * seconds of typing: each buffer with unsaved changes has a record (its text and the file it belongs to) in
 * the autosave folder; a save or a deliberate discard removes it, and at the next start the records left
 * are offered back. Records are written through a file beside them and moved into place, so a record is
 * whole or absent, never half written.
 */
public final class Autosave {

    /** One buffer's unsaved text, and the file it belongs to (null: a new, never saved program). */
    public record Record(String id, Path file, String text, long savedAtMillis) {
    }

    private final Path folder;

    public Autosave(Path folder) {
        this.folder = folder;
    }

    /** The user's autosave folder (tests and a second copy of the app can point {@code ringscope.autosave.dir} elsewhere). */
    public static Autosave forUser() {
        String dir = System.getProperty("ringscope.autosave.dir");
        return new Autosave(dir != null ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".ringscope", "autosave"));
    }

    public Path folder() {
        return folder;
    }

    /** Keeps {@code text} as the unsaved state of buffer {@code id} (of {@code file}, or null). */
    public void keep(String id, Path file, String text) throws IOException {
        Files.createDirectories(folder);
        Properties meta = new Properties();
        meta.setProperty("file", file == null ? "" : file.toAbsolutePath().toString());
        meta.setProperty("saved", Long.toString(System.currentTimeMillis()));
        writeAtomically(folder.resolve(id + ".asm"), out -> out.write(text));
        writeAtomically(folder.resolve(id + ".properties"), out -> meta.store(out, "RingScope: unsaved edits"));
    }

    /** Forgets buffer {@code id}'s unsaved state (it was saved or thrown away on purpose). */
    public void forget(String id) throws IOException {
        Files.deleteIfExists(folder.resolve(id + ".properties"));
        Files.deleteIfExists(folder.resolve(id + ".asm"));
    }

    /** The records left by earlier runs, newest first; a damaged record is skipped, not fatal. */
    public List<Record> left() {
        List<Record> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".properties")).toList()) {
                String id = p.getFileName().toString().replaceFirst("\\.properties$", "");
                Path text = folder.resolve(id + ".asm");
                if (!Files.isRegularFile(text)) {
                    continue;
                }
                Properties meta = new Properties();
                try (Reader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    meta.load(in);
                    String file = meta.getProperty("file", "");
                    out.add(new Record(id, file.isEmpty() ? null : Path.of(file),
                            Files.readString(text, StandardCharsets.UTF_8),
                            Long.parseLong(meta.getProperty("saved", "0"))));
                } catch (IOException | RuntimeException damaged) {
                    // a record that does not read is left for the user to find, not offered
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparingLong(Record::savedAtMillis).reversed());
        return out;
    }

    @FunctionalInterface
    private interface Content {
        void write(Writer out) throws IOException;
    }

    private static void writeAtomically(Path file, Content content) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            content.write(out);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
