package dev.ringscope.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * NASM and QEMU are the reference machines of the byte-for-byte and boot tests. Where one is missing a
 * local run skips those tests (and {@link SkipSummary} counts them at the end); in CI ({@code CI=true})
 * a missing reference tool fails the test, so a green CI always means "checked against the reference".
 */
public final class ReferenceTools {

    /** Why the tests that need a missing tool did not run: {@link SkipSummary} groups skips by this text. */
    static final String NOT_INSTALLED = " is not installed";

    private ReferenceTools() {
    }

    /** True when the environment says this is a CI run (CI sets {@code CI=true}, as most CI services do). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Passes when the tool is there; otherwise fails in CI and skips elsewhere, naming the tool and its
     * package. Call it first in a test that compares with the tool.
     */
    static void require(String tool, boolean available, String debianPackage) {
        if (available) {
            return;
        }
        String why = tool + NOT_INSTALLED;
        if (inCi()) {
            Assertions.fail(why + ", and CI (CI=true) must run the tests that compare with it"
                    + " (apt-get install " + debianPackage + "; .ci/run installs it)");
        }
        Assumptions.abort(why);
    }

    /** The command to run for a reference tool: {@code $envVariable} if set (a test can point it elsewhere), else the name. */
    static String command(String envVariable, String name) {
        String chosen = System.getenv(envVariable);
        return chosen == null || chosen.isBlank() ? name : chosen;
    }

    /** Whether {@code command versionFlag} runs and exits 0. */
    static boolean runs(String command, String versionFlag) {
        try {
            Process p = new ProcessBuilder(command, versionFlag).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
