package dev.ringscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Runs the commands that need JavaFX (render) the way JavaFX supports: with its modules on the module
 * path. The one-file jar ({@code java -jar target/ringscope.jar}) cannot do that itself — a jar puts
 * everything on the class path, where JavaFX warns "Unsupported JavaFX configuration" — so it carries
 * JavaFX's own module jars under {@link #MODULES}, and a command that needs them starts a second JVM
 * with them on the module path. Every other command, and every run where JavaFX already is a named
 * module (mvn javafx:run, a jlink image), stays in this JVM.
 */
public final class JavaFxLauncher {

    /** Where the one-file jar keeps JavaFX's module jars (pom.xml copies them there). */
    static final String MODULES = "javafx-modules/";

    /** The modules the app uses; the rest of JavaFX comes with them. */
    static final String ROOT_MODULES = "javafx.controls,javafx.swing";

    /**
     * Monocle, the headless platform, runs on the class path and implements JavaFX's internal Glass
     * interfaces, so it needs these packages opened to it (the list TestFX documents for Monocle).
     */
    static final List<String> MONOCLE_EXPORTS = List.of(
            "javafx.graphics/com.sun.glass.events", "javafx.graphics/com.sun.glass.ui",
            "javafx.graphics/com.sun.glass.ui.delegate", "javafx.graphics/com.sun.glass.utils",
            "javafx.graphics/com.sun.javafx.tk", "javafx.graphics/com.sun.javafx.util",
            "javafx.base/com.sun.javafx.logging");

    private JavaFxLauncher() {
    }

    /** The jar's entry point: the command line, in a JVM with JavaFX as modules when the command needs it. */
    public static int launch(String[] args) {
        if (needsJavaFx(args) && !javaFxIsNamed()) {
            Optional<Path> jar = ownJarWithModules();
            if (jar.isPresent()) {
                return relaunch(jar.get(), args);
            }
        }
        return RingScopeCommand.execute(args);
    }

    /** Whether the command draws with JavaFX: render and lesson export, unless only help or version is asked for. */
    static boolean needsJavaFx(String[] args) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
            if (!a.startsWith("-") && words.size() < 2) {
                words.add(a);
            }
        }
        if (words.isEmpty()) {
            return false;
        }
        return words.get(0).equals("render")
                || (words.get(0).equals("lesson") && words.size() > 1 && words.get(1).equals("export"));
    }

    /** True when JavaFX was loaded from the module path (javafx:run, a jlink image, or the second JVM). */
    static boolean javaFxIsNamed() {
        return ModuleLayer.boot().findModule("javafx.graphics").isPresent();
    }

    /** The jar this class was loaded from, when it carries JavaFX's modules (not target/classes, say). */
    static Optional<Path> ownJarWithModules() {
        try {
            Path here = Path.of(JavaFxLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(here)) {
                return Optional.empty();
            }
            try (JarFile jar = new JarFile(here.toFile())) {
                boolean has = jar.stream().anyMatch(e -> e.getName().startsWith(MODULES) && e.getName().endsWith(".jar"));
                return has ? Optional.of(here) : Optional.empty();
            }
        } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Copies the module jars out of {@code jar} into {@code dir} (a module path must be real files). */
    static void extractModules(Path jar, Path dir) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith(MODULES) && name.endsWith(".jar") && name.indexOf('/', MODULES.length()) < 0) {
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, dir.resolve(name.substring(MODULES.length())));
                    }
                }
            }
        }
    }

    /**
     * The second JVM's command line: this JVM's java and its -D and -X options, JavaFX's modules on the
     * module path, the class path, and the same arguments.
     */
    static List<String> command(Path modulePath, String classPath, List<String> jvmOptions, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : jvmOptions) {
            if (option.startsWith("-D") || option.startsWith("-X")) {
                cmd.add(option);
            }
        }
        cmd.add("--module-path");
        cmd.add(modulePath.toString());
        cmd.add("--add-modules");
        cmd.add(ROOT_MODULES);
        for (String export : MONOCLE_EXPORTS) {
            cmd.add("--add-exports");
            cmd.add(export + "=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("dev.ringscope.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int relaunch(Path jar, String[] args) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ringscope-javafx-");
            Path modules = dir;
            Thread cleanup = new Thread(() -> deleteQuietly(modules));
            Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C ends both JVMs; the copies go too
            extractModules(jar, dir);
            Process child = new ProcessBuilder(command(dir, jar.toString(),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), args)).inheritIO().start();
            int code = waitFor(child);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            deleteQuietly(dir);
            return code;
        } catch (IOException e) {
            System.err.println("ringscope render: cannot start JavaFX"
                    + (dir == null ? "" : " from " + UserFiles.quote(dir)) + ": " + UserFiles.reason(dir == null
                    ? Path.of(System.getProperty("java.io.tmpdir")) : dir, e));
            if (dir != null) {
                deleteQuietly(dir);
            }
            return ExitCodes.RUN_ERROR;
        }
    }

    private static int waitFor(Process child) {
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return ExitCodes.RUN_ERROR;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder that stays is no reason to fail the command
        }
    }
}
