package dev.ringscope.ui;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.asm.Program;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.LoadedTrace;
import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.Traces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What File ▸ Open understands: a program ({@code .asm}: a mini-OS user program, or a whole image),
 * a static i386 ELF executable (a mini-OS user program, samples/c), a flat image ({@code .bin}), or a recorded trace ({@code .jsonl} or {@code .rstrace}). Every problem becomes a
 * {@link LoadException} whose message a person can act on (file:line:column for assembly errors).
 */
final class Documents {

    /** Something opened: the run to play, its title, and its source when there is one. */
    /**
     * @param setup how it runs (for a recorded trace: how it was recorded, from its header)
     */
    record Opened(Playback playback, String title, Program program, List<String> warnings,
                  dev.ringscope.vmm.RunSetup setup, PreparedViews views) {

        Opened(Playback playback, String title, Program program, List<String> warnings,
               dev.ringscope.vmm.RunSetup setup) {
            this(playback, title, program, warnings, setup, null);
        }
    }

    /** The setup a trace was recorded under, as far as its header says (native when it does not). */
    static dev.ringscope.vmm.RunSetup recordedSetup(dev.ringscope.trace.TraceHeader h) {
        try {
            dev.ringscope.vmm.RunSetup setup = dev.ringscope.vmm.RunSetup.of(dev.ringscope.vmm.Technique.parse(h.technique()),
                    "strict".equals(h.isa()),
                    h.costPreset().equals("modern") ? dev.ringscope.vmm.CostModel.MODERN : dev.ringscope.vmm.CostModel.P4_2006);
            String host = h.options().get("host");
            return host == null ? setup : setup.withHost(dev.ringscope.vmm.HostType.parse(host));
        } catch (IllegalArgumentException | NullPointerException e) {
            return dev.ringscope.vmm.RunSetup.defaults();
        }
    }

    /** A file that cannot be opened, with what to tell the user. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message);
        }
    }

    /** A bundled sample and the first line of its header comment. */
    record Sample(String name, Path path, String description) {
    }

    private Documents() {
    }

    static Opened open(Path file) throws LoadException {
        return open(file, dev.ringscope.vmm.RunSetup.defaults());
    }

    /** A program to run under {@code technique}: a mini-OS user program built into the mini OS, else assembled. */
    static Program program(Path file, dev.ringscope.vmm.Technique technique) throws IOException, AsmException {
        return MiniOs.isUserProgram(file) ? MiniOs.build(file, technique.guestDefines(Map.of()))
                : new Assembler().assembleFile(file);
    }

    /**
     * What {@code technique} boots for {@code file}: its program's bytes (.asm, or an ELF executable
     * built into the mini OS) or the file itself (an image).
     */
    static byte[] image(Path file, dev.ringscope.vmm.Technique technique) throws IOException, AsmException {
        return isProgram(file) ? program(file, technique).bytes() : Files.readAllBytes(file);
    }

    /** A source or an ELF executable, which becomes a {@link Program}; anything else boots as an image. */
    private static boolean isProgram(Path file) {
        return file.toString().endsWith(".asm") || MiniOs.isElf(file);
    }

    /**
     * Assembles an editor's {@code text} of source {@code file} (unsaved, perhaps) as {@link #open} would the
     * file — a user program into the mini OS — with its includes from disk.
     */
    static Program program(Path file, String text, dev.ringscope.vmm.Technique technique) throws IOException, AsmException {
        return program(file, text, technique, read -> { });
    }

    /** The same, telling {@code included} each file read besides {@code file}, in the order first read. */
    static Program program(Path file, String text, dev.ringscope.vmm.Technique technique,
                           java.util.function.Consumer<Path> included) throws IOException, AsmException {
        dev.ringscope.asm.SourceLoader overlay = dev.ringscope.asm.SourceLoader.overlay(file, text);
        Path edited = file.toAbsolutePath().normalize();
        dev.ringscope.asm.SourceLoader loader = f -> {
            String read = overlay.load(f);
            if (!f.toAbsolutePath().normalize().equals(edited)) {
                included.accept(f.toAbsolutePath().normalize());
            }
            return read;
        };
        return MiniOs.definesUserMain(text) ? MiniOs.build(file, technique.guestDefines(Map.of()), loader)
                : new Assembler(loader).assembleFile(file);
    }

    /** Opens an already assembled {@code program} of {@code file} to run under {@code setup}. */
    static Opened open(Path file, Program program, dev.ringscope.vmm.RunSetup setup) throws LoadException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return new Opened(Playback.live(setup.boot(program.bytes())), name + " — " + setup.describe(), program,
                    List.of(), setup);
        } catch (BootException e) {
            throw new LoadException(name + " cannot be booted: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LoadException(name + ": " + e.getMessage());
        }
    }

    /** How far {@link #openTrace} has got: a share of the whole work, and what it is doing; false stops it. */
    @FunctionalInterface
    interface TraceProgress {
        boolean at(double share, String doing);
    }

    /**
     * Opens a recorded trace for a window, all the work that grows with its length done here, off the
     * JavaFX thread: reading the file (about two thirds of the time), then indexing the playback so
     * that any seek is short, and the views' reading of the whole run ({@link PreparedViews}).
     *
     * @throws Traces.Cancelled when {@code progress} said stop; nothing is kept
     */
    static Opened openTrace(Path file, TraceProgress progress) throws LoadException, Traces.Cancelled {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new LoadException(file + " is not a file that can be read.");
        }
        LoadedTrace loaded;
        try {
            loaded = Traces.load(file, (bytes, of) -> progress.at(0.65 * bytes / Math.max(1, of),
                    String.format("Reading %s: %,d of %,d KB", name, bytes >> 10, of >> 10)));
        } catch (Traces.Cancelled e) {
            throw e;
        } catch (IOException e) {
            throw new LoadException(name + " could not be read: " + e.getMessage());
        }
        Playback playback = Playback.recorded(loaded);
        long events = loaded.trace().size();
        boolean whole = playback.index((done, of) -> progress.at(0.65 + 0.25 * done / Math.max(1, of),
                String.format("Indexing %,d events for seeking: %,d done", events, done)));
        if (!whole || !progress.at(0.9, String.format("Preparing the timeline and the event log (%,d events)", events))) {
            throw new Traces.Cancelled(name);
        }
        return recording(name, loaded, playback, PreparedViews.of(loaded.trace()));
    }

    /** A loaded trace as the window opens it: titled with the setup its header names, its problems as warnings. */
    private static Opened recording(String name, LoadedTrace loaded, Playback playback, PreparedViews views) {
        List<String> warnings = new ArrayList<>();
        loaded.problems().forEach(p -> warnings.add(p.toString()));
        dev.ringscope.vmm.RunSetup recorded = recordedSetup(loaded.header());
        return new Opened(playback, name + " — recorded trace (" + recorded.describe() + ")", null, warnings, recorded,
                views);
    }

    /** Opens {@code file} to run under {@code setup} (a trace file replays as it was recorded). */
    static Opened open(Path file, dev.ringscope.vmm.RunSetup setup) throws LoadException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new LoadException(file + " is not a file that can be read.");
        }
        try {
            if (TraceCodec.isTrace(file)) {
                LoadedTrace loaded = Traces.load(file);
                return recording(name, loaded, Playback.recorded(loaded), null);
            }
            if (isProgram(file)) {
                Program program = program(file, setup.technique());
                return new Opened(Playback.live(setup.boot(program.bytes())), name + " — " + setup.describe(), program,
                        List.of(), setup);
            }
            return new Opened(Playback.live(setup.boot(Files.readAllBytes(file))), name + " — " + setup.describe(), null,
                    List.of(), setup);
        } catch (AsmException e) {
            StringBuilder sb = new StringBuilder(name + " does not assemble:\n");
            e.errors().stream().limit(12).forEach(err -> sb.append(err).append('\n'));
            if (e.errors().size() > 12) {
                sb.append("… and ").append(e.errors().size() - 12).append(" more.");
            }
            throw new LoadException(sb.toString().trim());
        } catch (dev.ringscope.elf.ElfException e) {
            throw new LoadException(e.getMessage()); // names the file, what is wrong and where
        } catch (BootException e) {
            throw new LoadException(name + " cannot be booted: " + e.getMessage());
        } catch (IOException e) {
            throw new LoadException(name + " could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LoadException(name + ": " + e.getMessage());
        }
    }

    /** The samples with a one-line description each (the first line of their header comment). */
    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        try {
            Path root = MiniOs.samplesRoot();
            for (String dir : new String[] {"user", "bench", "guests", "c"}) {
                try (Stream<Path> files = Files.list(root.resolve(dir))) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".asm") || f.toString().endsWith(".elf"))
                            .sorted().toList()) {
                        out.add(new Sample(dir + "/" + p.getFileName(), p, describe(p)));
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static List<Sample> lessons;

    /** The shipped lessons (samples/lessons), each with its title; read once. A lesson that does not read is left out. */
    static synchronized List<Sample> lessons() {
        if (lessons == null) {
            List<Sample> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(MiniOs.samplesRoot().resolve("lessons"))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    try {
                        out.add(new Sample("lessons/" + p.getFileName(), p, dev.ringscope.lesson.LessonReader.read(p).title()));
                    } catch (dev.ringscope.lesson.LessonException | IOException e) {
                        // lesson check (CI) reports it; the menu shows the ones that read
                    }
                }
            } catch (IOException e) {
                // no lessons folder
            }
            lessons = List.copyOf(out);
        }
        return lessons;
    }

    /** The header comment's first line, after the name: an ELF file's from its C source beside it. */
    private static String describe(Path p) throws IOException {
        String name = p.getFileName().toString();
        if (name.endsWith(".elf")) {
            Path source = p.resolveSibling(name.substring(0, name.length() - 4) + ".c");
            if (!Files.isRegularFile(source)) {
                return "";
            }
            p = source;
        }
        for (String line : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
            if ((line.startsWith(";") || line.startsWith("/*")) && line.contains(" - ")) {
                return line.substring(line.indexOf(" - ") + 3).trim();
            }
        }
        return "";
    }
}
