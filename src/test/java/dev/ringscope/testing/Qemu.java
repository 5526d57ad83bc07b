package dev.ringscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** QEMU, the reference machine: boots an image with -kernel and returns what it printed on 0xE9. */
public final class Qemu {

    private Qemu() {
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("qemu-system-i386", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The debug-console output of booting {@code image}; the run is cut off after {@code seconds}. */
    public static String boot(byte[] image, Path dir, int seconds) throws IOException, InterruptedException {
        Path img = Files.createTempFile(dir, "guest", ".img");
        Files.write(img, image);
        Process p = new ProcessBuilder("qemu-system-i386", "-kernel", img.toString(), "-debugcon", "stdio",
                "-display", "none", "-serial", "none", "-monitor", "none", "-no-reboot",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        out = p.getInputStream().readAllBytes();
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
