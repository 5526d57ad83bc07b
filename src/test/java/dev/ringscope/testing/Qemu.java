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

    /** {@code $RINGSCOPE_QEMU} if set, else {@code qemu-system-i386} on the PATH. */
    public static final String COMMAND = ReferenceTools.command("RINGSCOPE_QEMU", "qemu-system-i386");

    private static final class Installed {
        static final boolean YES = ReferenceTools.runs(COMMAND, "--version");
    }

    public static boolean available() {
        return Installed.YES;
    }

    /**
     * QEMU's CPU set to answer CPUID as RingScope's does (machine/CpuId: vendor, brand, family 6,
     * PSE TSC MSR CX8 APIC SEP CMOV and nothing more), so guests that ask compare; src/test/resources/
     * conformance/run-qemu.sh uses the same.
     */
    public static final String CPU = "qemu32,vendor=RingScope686,model-id=RingScope teaching i686 - integer only - no FPU,"
            + "level=1,xlevel=0x80000004,-fpu,-vme,-de,-pae,-mce,-mtrr,-pge,-mca,-pat,-pse36,-mmx,-fxsr,-sse,-sse2,"
            + "+cmov";

    /** Call first in a test that boots on QEMU: skips it locally where QEMU is missing, fails it in CI. */
    public static void require() {
        ReferenceTools.require("qemu-system-i386", available(), "qemu-system-x86");
    }

    /** The debug-console output of booting {@code image}; the run is cut off after {@code seconds}. */
    public static String boot(byte[] image, Path dir, int seconds) throws IOException, InterruptedException {
        Path img = Files.createTempFile(dir, "guest", ".img");
        Path console = Files.createTempFile(dir, "guest", ".out");
        Files.write(img, image);
        // into a file, not a pipe: a guest that prints more than a pipe holds would block QEMU until the timeout
        Process p = new ProcessBuilder(COMMAND, "-cpu", CPU, "-kernel", img.toString(), "-debugcon", "stdio",
                "-display", "none", "-serial", "none", "-monitor", "none", "-no-reboot",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4")
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(console.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new String(Files.readAllBytes(console), StandardCharsets.ISO_8859_1);
    }
}
