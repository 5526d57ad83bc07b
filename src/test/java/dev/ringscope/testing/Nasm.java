package dev.ringscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real NASM, when it is installed, as the reference for byte-for-byte tests. */
public final class Nasm {

    private Nasm() {
    }

    /** {@code $RINGSCOPE_NASM} if set, else {@code nasm} on the PATH. */
    public static final String COMMAND = ReferenceTools.command("RINGSCOPE_NASM", "nasm");

    private static final class Installed {
        static final boolean YES = ReferenceTools.runs(COMMAND, "-v");
    }

    public static boolean available() {
        return Installed.YES;
    }

    /** Call first in a test that compares with NASM: skips it locally where nasm is missing, fails it in CI. */
    public static void require() {
        ReferenceTools.require("nasm", available(), "nasm");
    }

    /** Assembles {@code source} with {@code nasm -f bin}; throws with NASM's messages if it fails. */
    public static byte[] assemble(String source, Path dir) throws IOException, InterruptedException {
        Path src = Files.createTempFile(dir, "nasm", ".asm");
        Path out = Files.createTempFile(dir, "nasm", ".bin");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        return assembleFile(src, out);
    }

    public static byte[] assembleFile(Path src, Path out, String... extraArgs) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(COMMAND, "-f", "bin"));
        // NASM looks for %include files in -I directories; ours, like the issue asks, next to the includer
        Path dir = src.toAbsolutePath().getParent();
        cmd.add("-I" + dir + "/");
        cmd.addAll(java.util.List.of(extraArgs));
        cmd.addAll(java.util.List.of(src.toString(), "-o", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("nasm failed:\n" + messages);
        }
        return Files.readAllBytes(out);
    }
}
