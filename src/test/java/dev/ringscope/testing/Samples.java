package dev.ringscope.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The mini-OS programs that state their output: samples/user, the nanobenchmarks in samples/bench
 * and the C programs' committed ELF files in samples/c (their output stated in the .c beside them).
 */
public final class Samples {

    /** bench's workloads never end (the bench command stops them), so they state no complete output. */
    private static final java.util.Set<String> ENDLESS = java.util.Set.of("workload.asm", "workload.elf");

    private Samples() {
    }

    public static Stream<Path> programs() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : new String[] {"samples/user", "samples/bench", "samples/c"}) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".asm") || p.toString().endsWith(".elf"))
                        .filter(p -> !ENDLESS.contains(p.getFileName().toString()))
                        .sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    /** The C programs' committed ELF files, the endless workload too. */
    public static List<Path> elfFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples/c"))) {
            return files.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
    }
}
