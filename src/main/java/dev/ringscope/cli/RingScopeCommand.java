package dev.ringscope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ringscope", mixinStandardHelpOptions = true, version = "RingScope 0.1",
        description = "See how an x86 machine crosses privilege rings and how a hypervisor virtualizes it.",
        subcommands = {AsmCommand.class, DisasmCommand.class, RunCommand.class, CompareCommand.class, ClassifyCommand.class, BenchCommand.class, RenderCommand.class})
public final class RingScopeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the command line; returns the exit code. Never lets a stack trace reach the user. */
    public static int execute(String[] args) {
        return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RingScopeCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("ringscope: internal error: " + ex);
            return ExitCodes.RUN_ERROR;
        });
        return cl.execute(args);
    }
}
