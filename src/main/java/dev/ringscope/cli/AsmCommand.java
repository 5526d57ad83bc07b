package dev.ringscope.cli;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.Listing;
import dev.ringscope.asm.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "asm", mixinStandardHelpOptions = true,
        description = "Assemble a NASM-syntax program into a flat binary (the bytes nasm -f bin produces).")
final class AsmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.asm", description = "the program to assemble")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin", description = "write the flat binary here")
    Path output;

    @Option(names = "--listing", description = "print address, bytes and source line for every line that emits bytes")
    boolean listing;

    @Option(names = {"-D", "--define"}, paramLabel = "NAME[=VALUE]", mapFallbackValue = "", description = "predefine a macro, like nasm -d")
    Map<String, String> defines = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
        Guests.checkDefines(spec, defines);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UserFiles.Output written = null;
        try {
            if (output != null) {
                written = UserFiles.Output.prepare(output); // checked before any work
            }
            return assembleTo(written, out, err);
        } catch (UserFiles.FileProblem e) {
            err.println("ringscope asm: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (written != null) {
                written.close();
            }
        }
    }

    private int assembleTo(UserFiles.Output written, PrintWriter out, PrintWriter err) {
        Program program;
        try {
            program = Guests.assemble(source, defines);
        } catch (AsmException e) {
            e.errors().forEach(err::println);
            err.println(Guests.errorCount(e, source));
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ringscope asm: " + UserFiles.cannotRead(source, e));
            return ExitCodes.BAD_INPUT;
        }
        program.warnings().forEach(err::println);
        if (listing) {
            out.print(Listing.of(program));
        }
        if (written != null) {
            try {
                Files.write(written.temporary(), program.bytes());
                written.commit();
            } catch (IOException e) {
                err.println("ringscope asm: " + written.cannotWrite(e));
                return ExitCodes.BAD_INPUT;
            }
        }
        if (!listing && output == null) {
            out.printf("%s: %d bytes at 0x%X (use -o to write them, --listing to see them)%n", source,
                    program.bytes().length, program.origin());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
