package dev.ringscope.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The mini-OS programs that state their output: samples/user and the nanobenchmarks in samples/bench. */
public final class Samples {

    /** bench's workload never ends (the bench command stops it), so it states no complete output. */
    private static final String ENDLESS = "workload.asm";

    private Samples() {
    }

    public static Stream<Path> programs() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : new String[] {"samples/user", "samples/bench"}) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".asm"))
                        .filter(p -> !p.getFileName().toString().equals(ENDLESS))
                        .sorted().forEach(all::add);
            }
        }
        return all.stream();
    }
}
