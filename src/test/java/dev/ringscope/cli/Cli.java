package dev.ringscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, for the CLI tests: exit code, standard output, standard error. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RingScopeCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }
}
