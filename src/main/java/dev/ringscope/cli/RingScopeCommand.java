package dev.ringscope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ringscope", mixinStandardHelpOptions = true, version = "RingScope 0.1",
        description = "See how an x86 machine crosses privilege rings and how a hypervisor virtualizes it.",
        subcommands = {AsmCommand.class, DisasmCommand.class, RunCommand.class, CompareCommand.class, ClassifyCommand.class, BenchCommand.class, RenderCommand.class, LessonCommand.class, TraceCommand.class})
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
        return execute(args, out, err, CommandLine.defaultFactory());
    }

    /** The same with the commands made by {@code factory} (tests inject failures this way). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new RingScopeCommand(), factory);
        cl.setOut(out);
        cl.setErr(err);
        Numbers.register(cl);
        cl.setParameterExceptionHandler(RingScopeCommand::badUsage);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": internal error: " + ex);
            return ExitCodes.RUN_ERROR;
        });
        try {
            return cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // not an Exception, so picocli lets it through: still one line, not a stack trace
            err.println("ringscope: internal error: " + e);
            return ExitCodes.RUN_ERROR;
        }
    }

    /**
     * A bad option, value or argument: the error and one line pointing at --help, not the whole usage
     * (which buries the error under 20 lines).
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions().stream()
                    .limit(3).map(UserFiles::quote).toList()) + "?)";
        }
        err.println(name + ": " + message);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }
}
