package dev.ringscope.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Function;

/**
 * The loop of a fuzz test: many inputs, each made from a {@link Random} of its own and checked under a
 * hang guard. In CI a test stops after its tries or after {@value #CI_SECONDS} seconds, whichever comes
 * first; {@code -Dfuzz.tries=N} asks for N tries each (and lifts the time cap unless {@code -Dfuzz.seconds}
 * sets one), {@code -Dfuzz.seed=S} repeats a run. A failing input is saved under target/fuzz-failures.
 */
public final class Fuzzing {

    static final int CI_SECONDS = 12;

    /** Checks one input; may throw anything, which fails the test with the input saved. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Throwable;
    }

    private Fuzzing() {
    }

    /**
     * Makes and checks inputs: {@code ciTries} of them (or -Dfuzz.tries), each within {@code hangGuard}.
     * {@code show} is the input as saved for a person to look at when it fails.
     */
    public static <T> void run(String name, int ciTries, Duration hangGuard, Function<Random, T> make,
                               Function<T, String> show, Check<T> check) {
        Integer asked = Integer.getInteger("fuzz.tries");
        int tries = asked != null ? asked : ciTries;
        long seconds = Long.getLong("fuzz.seconds", asked != null ? Long.MAX_VALUE / 2_000_000_000 : CI_SECONDS);
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long slowest = 0;
        int slowestTry = 0;
        T slowestInput = null;
        int i = 0;
        for (; i < tries && System.nanoTime() < deadline; i++) {
            T input = make.apply(new Random(seed + 0x9E37_79B9_7F4A_7C15L * i));
            long began = System.nanoTime();
            try {
                assertTimeoutPreemptively(hangGuard, () -> check.accept(input));
                if (System.nanoTime() - began > slowest) {
                    slowest = System.nanoTime() - began;
                    slowestTry = i;
                    slowestInput = input;
                }
            } catch (Throwable t) {
                Path saved = save(name, seed, i, show.apply(input));
                throw new AssertionError(name + ", try " + i + " of -Dfuzz.seed=" + seed + " (input in " + saved + "): "
                        + t, t);
            }
        }
        // slow is no failure (the hang guard is that), but a try that takes a tenth of it is worth a look
        String saved = slowest * 10 > hangGuard.toNanos() ? ", saved in " + save(name, seed, slowestTry,
                show.apply(slowestInput)) : "";
        System.out.printf("fuzz %s: %d tries in %.1f s, the slowest %.1f s (try %d of -Dfuzz.seed=%d%s)%n", name, i,
                (System.nanoTime() - start) / 1e9, slowest / 1e9, slowestTry, seed, saved);
    }

    private static Path save(String name, long seed, int attempt, String input) {
        Path file = Path.of("target", "fuzz-failures", name + "-" + seed + "-" + attempt + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, input.getBytes(StandardCharsets.UTF_8)); // lone surrogates become '?'
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
        return file;
    }
}
