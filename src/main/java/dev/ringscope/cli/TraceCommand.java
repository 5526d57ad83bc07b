package dev.ringscope.cli;

import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.TraceFormatException;
import dev.ringscope.trace.TraceProblem;
import dev.ringscope.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Recorded traces: JSON Lines (.jsonl) and the compact form (.rstrace), docs/trace-format.md.",
        subcommands = {TraceCommand.Convert.class})
final class TraceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a trace command is required (convert)");
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Copy a trace into the form OUT's name says: .jsonl (JSON Lines, for jq and people) or "
                    + ".rstrace (compact, indexed). Both ways, event for event: JSON Lines to compact and back gives "
                    + "the same bytes. Reads a part at a time, so a file of any size converts.",
                    "What cannot be read (a damaged line or chunk) is skipped and listed on stderr; a compact trace "
                    + "cut short (a run stopped while writing) converts up to its last whole chunk."})
    static final class Convert implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "the trace to read (.jsonl or .rstrace)")
        Path input;

        @Parameters(index = "1", paramLabel = "OUT", description = "the trace to write (.jsonl or .rstrace)")
        Path output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "ringscope trace convert: ";
            try {
                TraceCodec.forFile(input);
                TraceCodec.forFile(output);
                UserFiles.requireReadable(input);
                if (Files.exists(output) && Files.isSameFile(input, output)) {
                    err.println(name + "IN and OUT are the same file");
                    return ExitCodes.BAD_INPUT;
                }
            } catch (IOException e) {
                err.println(name + (e instanceof TraceFormatException ? e.getMessage() : UserFiles.cannotRead(input, e)));
                return ExitCodes.BAD_INPUT;
            }
            try (UserFiles.Output target = UserFiles.Output.prepare(output)) {
                Traces.Converted converted;
                try {
                    converted = Traces.convert(input, output, Files.newOutputStream(target.temporary()));
                } catch (TraceFormatException e) {
                    err.println(name + e.getMessage());
                    return ExitCodes.BAD_INPUT;
                } catch (IOException | UncheckedIOException e) {
                    err.println(name + target.cannotWrite(e instanceof UncheckedIOException u ? u.getCause()
                            : (IOException) e));
                    return ExitCodes.RUN_ERROR;
                }
                target.commit();
                for (TraceProblem p : converted.problems()) {
                    err.println(p);
                }
                if (converted.problemCount() > converted.problems().size()) {
                    err.println("… and " + (converted.problemCount() - converted.problems().size()) + " more problems");
                }
                out.printf("%s: %,d events written to %s (%s, %,d bytes)%s%n", input.getFileName(), converted.events(),
                        output, TraceCodec.forFile(output).description(), Files.size(output),
                        converted.problemCount() == 0 ? "" : "; " + converted.problemCount()
                                + " problems in the input, listed on stderr, were skipped");
                out.flush();
                return ExitCodes.OK;
            } catch (UserFiles.FileProblem e) {
                err.println(name + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (IOException e) {
                err.println(name + UserFiles.reason(output, e));
                return ExitCodes.RUN_ERROR;
            }
        }
    }
}
