package dev.ringscope.cli;

import dev.ringscope.isa.Disassembler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = {"Disassemble a flat binary into NASM source that assembles back to the same bytes.",
                "Each line ends with a comment giving its address and bytes; bytes that are no instruction "
                        + "become db lines that say why."})
final class DisasmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.bin", description = "the flat binary")
    Path binary;

    @Option(names = "--org", paramLabel = "ADDR", defaultValue = "0",
            description = "address of the first byte (decimal, 0x hex or h-suffixed hex; default 0)",
            converter = AddressConverter.class)
    long origin;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        byte[] code;
        try {
            code = Guests.readBinary(binary);
        } catch (IOException e) {
            spec.commandLine().getErr().println("ringscope disasm: " + UserFiles.cannotRead(binary, e));
            return ExitCodes.BAD_INPUT;
        }
        HexFormat hex = HexFormat.of().withUpperCase();
        out.printf("; %s, %d bytes%nbits 32%norg 0x%X%n", binary.getFileName(), code.length, origin);
        for (Disassembler.Line line : Disassembler.disassemble(code, origin)) {
            String text = line.text();
            String note = "";
            int semicolon = text.indexOf(';');
            if (semicolon >= 0) {
                note = "  " + text.substring(semicolon + 1).trim();
                text = text.substring(0, semicolon).trim();
            }
            out.printf("    %-40s ; %08X  %s%s%n", text, line.address(), hex.formatHex(line.bytes()), note);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
