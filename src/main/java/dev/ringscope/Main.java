package dev.ringscope;

import dev.ringscope.cli.JavaFxLauncher;

/**
 * The jar's entry point: the command line (the app starts with {@code mvn javafx:run}); render runs
 * with JavaFX on the module path ({@link JavaFxLauncher}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(JavaFxLauncher.launch(args));
    }
}
