package dev.ringscope.cli;

import dev.ringscope.ui.Renderer;
import java.awt.image.BufferedImage;
import dev.ringscope.vmm.RunSetup;
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


    /** What draws the picture: {@link Renderer} (a test injects a failing one). */
    @FunctionalInterface
    interface Drawer {
        BufferedImage draw(Path program, RunSetup setup, long instructions, int width, int height, boolean dark,
                           java.util.function.Consumer<String> warnings) throws IOException, Renderer.Failure;
    }

    private final Drawer drawer;

    RenderCommand() {
        // a lambda, not Renderer::picture: picocli makes every command at start, and a method reference
        // would load Renderer (and JavaFX) for commands that never draw
        this((program, setup, instructions, width, height, dark, warnings) -> {
            Renderer.Rendered r = Renderer.rendered(program, setup, instructions, width, height, dark);
            r.warnings().forEach(warnings);
            return r.picture();
        });
    }

    RenderCommand(Drawer drawer) {
        this.drawer = drawer;
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROGRAM", description = "a program (.asm), an image (.bin) or a trace (.jsonl or .rstrace)")
    Path program;

    @Option(names = "--at", paramLabel = "N", defaultValue = "0", description = "instructions to run first (default 0)")
    long at;

    @Option(names = "--technique", paramLabel = "T", defaultValue = "native",
            description = "native, trap-emulate, binary-translation, paravirtual or hardware-assisted (default ${DEFAULT-VALUE})")
    String technique;

    @Mixin
    RunRules rules;

    @Option(names = {"-o", "--output"}, paramLabel = "VIEW.png", required = true,
            description = "the PNG to write, or a .gif: an animation from --at to --to")
    Path output;

    @Option(names = "--to", paramLabel = "M", description = "with a .gif output: the instruction the animation ends at")
    Long to;

    @Option(names = "--frames", paramLabel = "K", defaultValue = "12",
            description = "with a .gif output: frames, evenly spaced from --at to --to, 1 to 500 (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "500",
            description = "with a .gif output: how long each frame shows, 20 to 60000 ms (default ${DEFAULT-VALUE})")
    int delay;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1920x1080",
            description = "picture size, from 320x240 to 7680x4320 (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--dark", description = "the dark theme")
    boolean dark;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RunSetup setup;
        try {
            setup = RunSetup.of(dev.ringscope.vmm.Technique.parse(technique), rules.strictIsa(), rules.costModel());
        } catch (IllegalArgumentException e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        PictureSize picture;
        try {
            picture = PictureSize.parse(size, 7680, 4320);
        } catch (PictureSize.Bad e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        int width = picture.width();
        int height = picture.height();
        if (at < 0) {
            err.println("ringscope render: --at must not be negative, not " + at);
            return ExitCodes.BAD_INPUT;
        }
        boolean gif = String.valueOf(output.getFileName()).toLowerCase(java.util.Locale.ROOT).endsWith(".gif");
        if (!gif && to != null) {
            err.println("ringscope render: --to is for an animation: name a .gif with -o, not " + UserFiles.quote(output));
            return ExitCodes.BAD_INPUT;
        }
        if (gif && (to == null || to < at)) {
            err.println("ringscope render: an animation needs --to, at or after --at (" + at + "), not "
                    + (to == null ? "nothing" : to));
            return ExitCodes.BAD_INPUT;
        }
        if (frames < 1 || frames > 500) {
            err.println("ringscope render: --frames must be from 1 to 500, not " + frames);
            return ExitCodes.BAD_INPUT;
        }
        if (delay < 20 || delay > 60_000) {
            err.println("ringscope render: --delay must be from 20 to 60000 ms, not " + delay);
            return ExitCodes.BAD_INPUT;
        }
        try (UserFiles.Output png = UserFiles.Output.prepare(output)) { // checked before the run and the drawing
            UserFiles.requireReadable(program);
            return gif ? animate(setup, width, height, png, err) : draw(setup, width, height, png, err);
        } catch (UserFiles.FileProblem e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** How what was drawn is written. */
    private interface Picture {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** What was drawn: how to write it, and what to say of it after the file name ("" or " (12 frames)"). */
    private record Drawn(Picture picture, String said) {
    }

    private interface Painter {
        Drawn paint(java.util.function.Consumer<String> warnings) throws IOException, Renderer.Failure;
    }

    private int animate(RunSetup setup, int width, int height, UserFiles.Output gif, PrintWriter err) {
        return produce(gif, err, warnings -> {
            java.util.List<BufferedImage> pictures = Renderer.frames(program, setup, at, to, frames, width, height,
                    dark, warnings);
            return new Drawn(out -> dev.ringscope.ui.present.AnimatedGif.write(pictures, delay, out),
                    " (" + pictures.size() + " frames)");
        });
    }

    private int draw(RunSetup setup, int width, int height, UserFiles.Output png, PrintWriter err) {
        return produce(png, err, warnings -> {
            BufferedImage picture = drawer.draw(program, setup, at, width, height, dark, warnings);
            return new Drawn(out -> Renderer.writePng(picture, out), "");
        });
    }

    /**
     * Draws, says what a damaged trace lost (as File ▸ Open does: the first few lines, then a count),
     * then writes the output through its temporary file; every failure is one line.
     */
    private int produce(UserFiles.Output output, PrintWriter err, Painter painter) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        Drawn drawn;
        try {
            drawn = painter.paint(warnings::add);
        } catch (IOException e) {
            err.println("ringscope render: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (Renderer.Failure e) {
            err.println("ringscope render: internal error: " + e.getMessage());
            return ExitCodes.RUN_ERROR;
        } finally {
            warnings.stream().limit(10).forEach(w -> err.println("ringscope render: warning: " + w));
            if (warnings.size() > 10) {
                err.println("ringscope render: warning: … and " + (warnings.size() - 10) + " more");
            }
        }
        try {
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(output.temporary())) {
                drawn.picture().writeTo(out);
            }
            output.commit();
        } catch (IOException e) {
            err.println("ringscope render: " + output.cannotWrite(e));
            return ExitCodes.BAD_INPUT;
        }
        spec.commandLine().getOut().println("wrote " + UserFiles.quote(this.output) + drawn.said());
        return ExitCodes.OK;
    }
}
