package dev.ringscope.asm;

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

    /** Whether a source file is a user program for the mini OS (it defines {@code user_main}). */
    public static boolean isUserProgram(Path source) throws IOException {
        return USER_MAIN.matcher(Files.readString(source, StandardCharsets.ISO_8859_1)).find();
    }

    /** The mini OS image with {@code userProgram} as its first task. */
    public static Program build(Path userProgram, Map<String, String> defines) throws IOException, AsmException {
        Path root = samplesRoot();
        Path kernel = root.resolve("minios/kernel.asm");
        Path program = userProgram.getFileSystem() == kernel.getFileSystem()
                ? userProgram.toAbsolutePath().normalize() : userProgram;
        Assembler assembler = new Assembler()
                .define("USER_PROGRAM", "\"" + program.toString().replace("\\", "/") + "\"")
                .includeDirectory(root.resolve("user"))
                .includeDirectory(root.resolve("minios"));
        defines.forEach(assembler::define);
        return assembler.assembleFile(kernel);
    }

    /** A bundled sample by name ({@code hello} → samples/user/hello.asm). */
    public static Path sample(String name) throws IOException {
        return samplesRoot().resolve("user").resolve(name + ".asm");
    }
}
