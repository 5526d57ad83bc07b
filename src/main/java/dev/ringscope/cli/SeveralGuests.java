package dev.ringscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ringscope.asm.AsmException;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.machine.RunResult;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceOutput;
import dev.ringscope.vmm.MultiGuestRun;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code run --vm A --vm B}: several guests under one VMM ({@link MultiGuestRun}). Each guest's console
 * lines come out prefixed with its number ({@code [vm1] ...}); the summary has a line per guest and one
 * for the VMM.
 */
final class SeveralGuests {

    /** Guests a run may have: each takes the default 32 MiB of host memory. */
    static final int MAX_GUESTS = 4;

    private final RunCommand command;
    private final RunSetup setup;
    private final boolean compileBlocks;
    private final PrintWriter out;
    private final PrintWriter err;

    SeveralGuests(RunCommand command, RunSetup setup, boolean compileBlocks) {
        this.command = command;
        this.setup = setup;
        this.compileBlocks = compileBlocks;
        this.out = command.spec.commandLine().getOut();
        this.err = command.spec.commandLine().getErr();
    }

    /** What is wrong with the guests named on the command line, or null: a usage message. */
    static String problem(Path program, List<Path> vms, Integer slice) {
        if (program != null && !vms.isEmpty()) {
            return "give the guests either as one PROGRAM or as --vm PROGRAM (two or more), not both";
        }
        if (program == null && vms.isEmpty()) {
            return "nothing to run: give a PROGRAM, or --vm PROGRAM two or more times";
        }
        if (vms.size() == 1) {
            return "--vm runs several guests under one VMM: give it two or more times (one guest alone: "
                    + "ringscope run PROGRAM)";
        }
        if (vms.size() > MAX_GUESTS) {
            return "at most " + MAX_GUESTS + " guests (--vm), each with " + (MachineOptions.DEFAULT_MEMORY >> 20)
                    + " MiB of host memory; " + vms.size() + " were given";
        }
        if (slice != null && vms.isEmpty()) {
            return "--slice is the VMM's time slice between guests: it goes with --vm";
        }
        if (slice != null && slice < 1) {
            return "--slice must be at least 1 instruction, not " + slice;
        }
        return null;
    }

    int run(List<Path> vms, int slice, UserFiles.Output trace, TraceCodec codec) {
        MultiGuestRun run = new MultiGuestRun(setup, MachineOptions.defaults().withCompileBlocks(compileBlocks), slice,
                vms.size());
        for (int i = 0; i < vms.size(); i++) {
            Path vm = vms.get(i);
            String who = "--vm " + UserFiles.quote(vm) + " (vm" + (i + 1) + ")";
            try {
                run.addGuest(String.valueOf(vm.getFileName()),
                        Guests.image(vm, setup.technique().guestDefines(command.defines)));
            } catch (AsmException e) {
                e.errors().forEach(err::println);
                err.println(Guests.errorCount(e, vm));
                return ExitCodes.BAD_INPUT;
            } catch (IOException e) {
                err.println("ringscope run: " + who + ": " + UserFiles.cannotRead(vm, e));
                return ExitCodes.BAD_INPUT;
            } catch (BootException e) {
                err.println("ringscope run: cannot boot " + who + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
        TraceOutput writer = null;
        if (trace != null) {
            try {
                writer = codec.writer(Files.newOutputStream(trace.temporary()), header(run, vms));
            } catch (IOException e) {
                err.println("ringscope run: " + trace.cannotWrite(e));
                return ExitCodes.RUN_ERROR;
            }
            run.setEventSink(writer);
        }
        PrefixedConsoles consoles = new PrefixedConsoles(vms.size());
        if (!command.json) {
            run.setConsoleListener(consoles::write);
        }
        if (!RunCommand.writingTrace(writer, trace, err, () -> {
            run.run(command.maxInstructions);
            consoles.flush();
        })) {
            return ExitCodes.RUN_ERROR;
        }
        out.flush();
        if (command.json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary(run)));
            } catch (IOException e) {
                err.println("ringscope run: " + e.getMessage());
                return ExitCodes.RUN_ERROR;
            }
        } else {
            printSummary(run);
        }
        out.flush();
        boolean shutdown = run.guests().stream()
                .anyMatch(g -> g.machine().result().reason() == StopReason.SHUTDOWN);
        return shutdown ? ExitCodes.RUN_ERROR : ExitCodes.OK;
    }

    private TraceHeader header(MultiGuestRun run, List<Path> vms) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("maxInstructions", Long.toString(command.maxInstructions));
        options.put("slice", Integer.toString(run.slice()));
        options.put("vms", vms.stream().map(p -> String.valueOf(p.getFileName())).collect(Collectors.joining(",")));
        Technique t = setup.technique();
        return TraceHeader.of(vms.stream().map(p -> String.valueOf(p.getFileName())).collect(Collectors.joining(" + ")),
                t.id(), command.rules.isa, setup.cost().name(), setup.host().rings(t), options);
    }

    private void printSummary(MultiGuestRun run) {
        for (MultiGuestRun.Guest g : run.guests()) {
            RunResult r = g.machine().result();
            err.printf("vm%d %s: %s after %,d instructions, %,d cycles, %,d entries to the VMM, %,d switches to it; "
                            + "host frames 0x%X-0x%X%s%n", g.number(), g.name(), r.reason().label(), r.instructions(),
                    r.cycles(), g.vmm().stats().vmmEntries(), g.switchesIn(), g.frames().firstFrame(),
                    g.frames().firstFrame() + g.frames().frames() - 1,
                    r.reason() == StopReason.EXIT ? " (exit value " + r.exitValue() + ")" : "");
            if (!r.message().isEmpty() && r.reason() != StopReason.EXIT) {
                err.println("  " + r.message());
            }
        }
        err.printf("VMM: %d guests under %s, %s costs; a slice of %,d instructions; %,d switches at %,d cycles each; "
                        + "%,d cycles on the CPU%n", run.guests().size(), setup.technique().id(), setup.cost().name(),
                run.slice(), run.switches(), run.switchCost(), run.cycles());
    }

    private Map<String, Object> summary(MultiGuestRun run) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("technique", setup.technique().id());
        s.put("host", setup.host().id());
        s.put("cost", setup.cost().name());
        s.put("slice", run.slice());
        s.put("switches", run.switches());
        s.put("switchCost", run.switchCost());
        s.put("cycles", run.cycles());
        List<Map<String, Object>> guests = new ArrayList<>();
        for (MultiGuestRun.Guest g : run.guests()) {
            Machine m = g.machine();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("vm", g.number());
            v.put("program", g.name());
            v.put("firstFrame", g.frames().firstFrame());
            v.put("frames", g.frames().frames());
            v.put("switchesIn", g.switchesIn());
            v.put("vmmEntries", g.vmm().stats().vmmEntries());
            v.putAll(RunCommand.summary(m, m.result(), setup.cost()));
            v.remove("technique");
            v.remove("host");
            v.remove("cost");
            guests.add(v);
        }
        s.put("vms", guests);
        return s;
    }

    /** Each guest's console, a line at a time, prefixed with its number: {@code [vm2] hello}. */
    private final class PrefixedConsoles {
        private final StringBuilder[] lines;

        PrefixedConsoles(int guests) {
            lines = new StringBuilder[guests];
            for (int i = 0; i < guests; i++) {
                lines[i] = new StringBuilder();
            }
        }

        void write(int vm, int port, int value) {
            StringBuilder line = lines[vm - 1];
            if (value == '\n') {
                out.print("[vm" + vm + "] " + line + "\n");
                out.flush();
                line.setLength(0);
            } else {
                line.append((char) value);
            }
        }

        /** A guest's last line, if it did not end it. */
        void flush() {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].length() > 0) {
                    out.print("[vm" + (i + 1) + "] " + lines[i] + "\n");
                    lines[i].setLength(0);
                }
            }
        }
    }
}
