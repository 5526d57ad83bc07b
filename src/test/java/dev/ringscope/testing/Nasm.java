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

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Assembles {@code source} with {@code nasm -f bin}; throws with NASM's messages if it fails. */
    public static byte[] assemble(String source, Path dir) throws IOException, InterruptedException {
        Path src = Files.createTempFile(dir, "nasm", ".asm");
        Path out = Files.createTempFile(dir, "nasm", ".bin");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        return assembleFile(src, out);
    }

    public static byte[] assembleFile(Path src, Path out, String... extraArgs) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("nasm", "-f", "bin"));
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
