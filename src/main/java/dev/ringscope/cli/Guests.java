package dev.ringscope.cli;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loading what a user names on the command line, with messages that say what went wrong. */
final class Guests {

    private Guests() {
    }

    static Program assemble(Path source, Map<String, String> defines) throws AsmException, IOException {
        UserFiles.requireReadable(source);
        Assembler assembler = new Assembler();
        defines.forEach((k, v) -> assembler.define(k, v == null ? "" : v));
        return assembler.assembleFile(source);
    }

    /**
     * What {@code run} boots: a mini-OS user program (an .asm with {@code user_main}, or a static
     * i386 ELF executable) is built into the mini OS, any other .asm is assembled as it is, anything
     * else is taken as a flat image.
     */
    static byte[] image(Path input, Map<String, String> defines) throws AsmException, IOException {
        if (dev.ringscope.trace.TraceCodec.isTrace(input)) {
            throw new UserFiles.FileProblem(UserFiles.quote(input) + " is a recorded trace ("
                    + dev.ringscope.trace.TraceCodec.byName(input).description() + "), not a program "
                    + "or an image: open it in the app (mvn javafx:run, File > Open) to replay it");
        }
        if (input.toString().endsWith(".asm")) {
            UserFiles.requireReadable(input);
            if (dev.ringscope.asm.MiniOs.isUserProgram(input)) {
                return dev.ringscope.asm.MiniOs.build(input, defines).bytes();
            }
            return assemble(input, defines).bytes();
        }
        UserFiles.requireReadable(input);
        if (dev.ringscope.asm.MiniOs.isElf(input)) {
            return dev.ringscope.asm.MiniOs.build(input, defines).bytes();
        }
        return readBinary(input);
    }

    static byte[] readBinary(Path file) throws IOException {
        UserFiles.requireReadable(file);
        return Files.readAllBytes(file);
    }

    private static final java.util.regex.Pattern MACRO_NAME =
            java.util.regex.Pattern.compile("[A-Za-z_.?][A-Za-z0-9_$#@~.?]*");

    /** -D names must be macro names (NASM's identifiers); a bad one is a usage error naming the option. */
    static void checkDefines(picocli.CommandLine.Model.CommandSpec spec, Map<String, String> defines) {
        for (String name : defines.keySet()) {
            if (!MACRO_NAME.matcher(name).matches()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--define': " + UserFiles.quote(name) + " is not a macro name");
            }
        }
    }

    /** "N error(s) in 'file'", the last line of an assembly report. */
    static String errorCount(AsmException e, Path file) {
        int n = e.errors().size();
        return n + " error" + (n == 1 ? "" : "s") + " in " + UserFiles.quote(file);
    }
}
