package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** render from the one-file jar runs in a second JVM with JavaFX's modules on the module path. */
class JavaFxLauncherTest {

    @Test
    void onlyRenderAndLessonExportNeedJavaFx() {
        assertTrue(JavaFxLauncher.needsJavaFx(new String[] {"lesson", "export", "l.json", "--pdf", "l.pdf"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"lesson", "check", "l.json"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"lesson", "export", "--help"}));
        assertTrue(JavaFxLauncher.needsJavaFx(new String[] {"render", "x.asm", "-o", "x.png"}));
        assertTrue(JavaFxLauncher.needsJavaFx(new String[] {"render", "--at", "run", "-o", "x.png"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"render", "--help"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"run", "render.asm"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"asm", "render"}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {}));
        assertFalse(JavaFxLauncher.needsJavaFx(new String[] {"--version", "render"}));
    }

    @Test
    void theModuleJarsAreCopiedOutOfTheJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"javafx-modules/javafx-base.jar", "javafx-modules/nested/x.jar",
                    "javafx-modules/README", "other/javafx-graphics.jar"}) {
                out.putNextEntry(new JarEntry(name));
                out.write(name.getBytes());
                out.closeEntry();
            }
        }
        Path modules = Files.createDirectory(dir.resolve("modules"));
        JavaFxLauncher.extractModules(jar, modules);
        try (Stream<Path> files = Files.list(modules)) {
            assertEquals(List.of("javafx-base.jar"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("javafx-modules/javafx-base.jar", Files.readString(modules.resolve("javafx-base.jar")));
    }

    @Test
    void theSecondJvmGetsTheModulePathAndOnlyThisJvmsPropertiesAndMemoryOptions() {
        List<String> cmd = JavaFxLauncher.command(Path.of("/m"), "app.jar",
                List.of("-Dringscope.x=1", "-Xmx2g", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005"),
                new String[] {"render", "a b.asm", "-o", "v.png"});
        assertTrue(cmd.get(0).endsWith("java"), cmd.get(0));
        assertEquals(List.of("-Dringscope.x=1", "-Xmx2g", "--module-path", "/m", "--add-modules",
                "javafx.controls,javafx.swing"), cmd.subList(1, 7));
        assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-agentlib")), cmd.toString());
        assertEquals(List.of("-cp", "app.jar", "dev.ringscope.Main", "render", "a b.asm", "-o", "v.png"),
                cmd.subList(cmd.size() - 7, cmd.size()));
    }

    /** The test's own class path, split into JavaFX's jars (for the module path) and the rest. */
    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    @Test
    void renderInTheSecondJvmDrawsWithoutJavaFxsUnsupportedConfigurationWarning(@TempDir Path dir) throws Exception {
        Path modules = Files.createDirectory(dir.resolve("modules"));
        List<String> rest = new ArrayList<>();
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith("javafx-")) {
                Files.copy(p, modules.resolve(p.getFileName()));
            } else {
                rest.add(entry);
            }
        }
        try (Stream<Path> files = Files.list(modules)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("javafx-graphics")),
                    "JavaFX is on the test class path: " + classPath());
        }
        Path png = dir.resolve("v.png");
        List<String> cmd = JavaFxLauncher.command(modules, String.join(File.pathSeparator, rest), List.of(),
                new String[] {"render", "samples/user/hello.asm", "--at", "3941", "--size", "640x480", "-o",
                    png.toString()});
        Path log = dir.resolve("stderr.txt");
        Process child = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = child.getOutputStream()) {
            // no input
        }
        int code = child.waitFor();
        String err = Files.readString(log);
        assertEquals(0, code, err);
        assertFalse(err.contains("Unsupported JavaFX configuration"), err);
        assertTrue(Files.size(png) > 1000, err);
        assertEquals("", err.lines().filter(l -> !l.isBlank()).collect(Collectors.joining("\n")));
    }
}
