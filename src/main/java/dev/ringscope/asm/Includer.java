package dev.ringscope.asm;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Opens the file of an {@code %include}: relative to the including file's directory first, then
 * to the current directory, as NASM does. Refuses cycles and include chains deeper than 50.
 */
final class Includer {

    private final SourceLoader loader;
    private final Deque<Frame> frames;
    private final DirectiveLine directive;
    private final BiConsumer<SourcePos, String> error;

    private final List<Path> includeDirs;

    Includer(SourceLoader loader, Deque<Frame> frames, DirectiveLine directive, BiConsumer<SourcePos, String> error,
             List<Path> includeDirs) {
        this.includeDirs = includeDirs;
        this.loader = loader;
        this.frames = frames;
        this.directive = directive;
        this.error = error;
    }

    /** The frame reading the included file, or empty after reporting why it cannot be read. */
    Optional<Frame> include(Frame current) {
        String name = fileName();
        SourcePos at = directive.argumentsPos();
        if (name == null) {
            error.accept(at, "%include needs a file name in quotes, such as %include \"defs.inc\"");
            return Optional.empty();
        }
        List<Path> files = openFiles();
        if (files.size() >= Preprocessor.MAX_INCLUDE_DEPTH) {
            error.accept(at, "%include nested more than " + Preprocessor.MAX_INCLUDE_DEPTH + " deep");
            return Optional.empty();
        }
        List<String> failures = new ArrayList<>();
        for (Path candidate : candidates(name, files.get(files.size() - 1))) {
            if (files.stream().anyMatch(open -> sameFile(open, candidate))) {
                error.accept(at, "%include cycle: " + files.stream().map(Path::toString)
                        .collect(Collectors.joining(" → ")) + " → " + candidate);
                return Optional.empty();
            }
            try {
                String text = loader.load(candidate);
                List<SourcePos> chain = new ArrayList<>();
                chain.add(at);
                chain.addAll(current.expandedFrom);
                return Optional.of(Frame.file(candidate, RawLine.split(candidate.toString(), text), chain));
            } catch (IOException e) {
                failures.add("'" + candidate + "' (" + SourceLoader.reason(e) + ")");
            }
        }
        error.accept(at, "cannot open include file `" + name + "`: tried " + String.join(", ", failures));
        return Optional.empty();
    }

    /** The quoted ("x", 'x', `x`) or bracketed (<x>) name; null if there is none. */
    private String fileName() {
        String arg = directive.arguments();
        if (arg.length() >= 2 && arg.startsWith("<") && arg.endsWith(">")) {
            return arg.substring(1, arg.length() - 1);
        }
        if (arg.length() >= 2 && QuotedString.isQuote(arg.charAt(0)) && QuotedString.skip(arg, 0) == arg.length()) {
            return QuotedString.read(arg, 0).content();
        }
        return null;
    }

    /** Files being read, outermost first. */
    private List<Path> openFiles() {
        List<Path> files = new ArrayList<>();
        for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.kind == Frame.Kind.FILE) {
                files.add(f.file);
            }
        }
        return files;
    }

    private List<Path> candidates(String name, Path includer) {
        List<Path> paths = new ArrayList<>();
        try {
            Path parent = includer.getParent();
            if (parent != null) {
                paths.add(parent.resolve(name).normalize());
            }
            // then the -I directories, as nasm -I
            for (Path dir : includeDirs) {
                Path p = dir.resolve(name).normalize();
                if (!paths.contains(p)) {
                    paths.add(p);
                }
            }
            Path plain = Path.of(name).normalize();
            if (!paths.contains(plain)) {
                paths.add(plain);
            }
        } catch (InvalidPathException e) {
            error.accept(directive.argumentsPos(), "`" + name + "` is not a valid file name");
        }
        return paths;
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
