package dev.ringscope.cli;

import dev.ringscope.ui.Renderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Draw the main window after N instructions of a run into a PNG, with no display needed.")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROGRAM", description = "a program (.asm), an image (.bin) or a trace (.jsonl)")
    Path program;

    @Option(names = "--at", paramLabel = "N", defaultValue = "0", description = "instructions to run first (default 0)")
    long at;

    @Option(names = "--technique", paramLabel = "T", defaultValue = "native",
            description = "native, trap-emulate, binary-translation, paravirtual or hardware-assisted (default ${DEFAULT-VALUE})")
    String technique;

    @Mixin
    RunRules rules;

    @Option(names = {"-o", "--output"}, paramLabel = "VIEW.png", required = true, description = "the PNG to write")
    Path output;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1920x1080", description = "picture size (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--dark", description = "the dark theme")
    boolean dark;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        dev.ringscope.vmm.RunSetup setup;
        try {
            setup = dev.ringscope.vmm.RunSetup.of(dev.ringscope.vmm.Technique.parse(technique), rules.strictIsa(),
                    rules.costModel());
        } catch (IllegalArgumentException e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(wh[0]);
            height = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            err.println("ringscope render: --size must look like 1920x1080, not '" + size + "'");
            return ExitCodes.BAD_INPUT;
        }
        if (width < 320 || height < 240 || width > 7680 || height > 4320 || at < 0) {
            err.println("ringscope render: --size between 320x240 and 7680x4320, and --at not negative");
            return ExitCodes.BAD_INPUT;
        }
        try {
            Renderer.render(program, setup, at, width, height, dark, output);
        } catch (IOException e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        spec.commandLine().getOut().println("wrote " + output);
        return ExitCodes.OK;
    }
}
