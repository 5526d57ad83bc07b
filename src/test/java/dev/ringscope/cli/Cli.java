package dev.ringscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process, for the CLI tests: exit code, standard output, standard error. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** With the commands made by {@code factory}: how a test injects a failure into a command. */
    static Cli run(CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RingScopeCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), factory);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Standard error, line by line. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
