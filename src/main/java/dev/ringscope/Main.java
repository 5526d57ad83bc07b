package dev.ringscope;

import dev.ringscope.cli.RingScopeCommand;

/** The jar's entry point: the command line (the app starts with {@code mvn javafx:run}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(RingScopeCommand.execute(args));
    }
}
