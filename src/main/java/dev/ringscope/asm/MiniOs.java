package dev.ringscope.asm;

import dev.ringscope.elf.ElfException;
import dev.ringscope.elf.ElfFile;
import dev.ringscope.elf.ElfImage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The mini OS in samples/minios, built around one user program: the kernel source includes
 * {@code USER_PROGRAM} (see samples/README.md). The samples come from ./samples when RingScope runs
 * in its project folder, else from inside the jar.
 */
public final class MiniOs {

    private static final Pattern USER_MAIN = Pattern.compile("(?m)^\\s*user_main\\s*:");

    private MiniOs() {
    }

    /** The samples folder: on disk if present, else the copy inside the jar (or target/classes). */
    public static Path samplesRoot() throws IOException {
        Path local = Path.of("samples");
        if (Files.isRegularFile(local.resolve("minios/kernel.asm"))) {
            return local;
        }
        URL url = MiniOs.class.getResource("/samples/minios/kernel.asm");
        if (url == null) {
            throw new IOException("the mini OS sources are missing: no samples/ folder here and none in the jar");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath("/samples");
            }
            return Path.of(uri).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the bundled samples: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a file is a user program for the mini OS: a source that defines {@code user_main}, or
     * an ELF executable (named {@code .elf} or starting with the ELF magic; {@link #build} says what
     * is wrong with one it cannot run).
     */
    public static boolean isUserProgram(Path source) throws IOException {
        return isElf(source) || USER_MAIN.matcher(Files.readString(source, StandardCharsets.ISO_8859_1)).find();
    }

    /** Whether a source's text defines {@code user_main}: a user program, built into the mini OS. */
    public static boolean definesUserMain(String source) {
        return USER_MAIN.matcher(source).find();
    }

    /** Whether {@link #build} takes the file as an ELF executable: it is named .elf, or starts with the ELF magic. */
    public static boolean isElf(Path file) {
        return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".elf") || ElfFile.hasMagic(file);
    }

    /**
     * The mini OS image with {@code userProgram} as its first task: an assembly source built into
     * the kernel, or a static i386 ELF executable loaded in the user region (an {@link ElfException}
     * says why one cannot be).
     */
    public static Program build(Path userProgram, Map<String, String> defines) throws IOException, AsmException {
        return build(userProgram, defines, SourceLoader.fromDisk());
    }

    /** The same, with the sources read through {@code loader} (an editor's unsaved buffer, say). */
    public static Program build(Path userProgram, Map<String, String> defines, SourceLoader loader)
            throws IOException, AsmException {
        if (isElf(userProgram)) {
            return buildElf(userProgram, defines);
        }
        Path root = samplesRoot();
        Path kernel = root.resolve("minios/kernel.asm");
        Path program = userProgram.getFileSystem() == kernel.getFileSystem()
                ? userProgram.toAbsolutePath().normalize() : userProgram;
        Assembler assembler = new Assembler(loader)
                .define("USER_PROGRAM", "\"" + program.toString().replace("\\", "/") + "\"")
                .includeDirectory(root.resolve("user"))
                .includeDirectory(root.resolve("minios"));
        defines.forEach(assembler::define);
        return assembler.assembleFile(kernel);
    }

    private static Program buildElf(Path file, Map<String, String> defines) throws IOException, AsmException {
        ElfImage image = ElfUserProgram.image(ElfFile.read(file));
        Path kernel = samplesRoot().resolve("minios/kernel.asm");
        Path generated = kernel.resolveSibling(ElfUserProgram.SOURCE_NAME).normalize();
        String source = ElfUserProgram.source(image);
        SourceLoader disk = SourceLoader.fromDisk();
        Assembler assembler = new Assembler(f -> f.normalize().equals(generated) ? source : disk.load(f))
                .define("USER_ELF", "1")
                .define("USER_PROGRAM", "\"" + ElfUserProgram.SOURCE_NAME + "\"")
                .includeDirectory(kernel.getParent());
        defines.forEach(assembler::define);
        return ElfUserProgram.of(assembler.assembleFile(kernel), image);
    }

    /**
     * The text the kernel includes for an ELF program ({@code -dUSER_ELF}): what to give NASM to
     * build the same image (samples/tools/qemu-run.sh does).
     */
    public static String elfProgramSource(Path file) throws IOException {
        return ElfUserProgram.source(ElfUserProgram.image(ElfFile.read(file)));
    }

    /** A bundled sample by name ({@code hello} → samples/user/hello.asm). */
    public static Path sample(String name) throws IOException {
        return samplesRoot().resolve("user").resolve(name + ".asm");
    }
}
