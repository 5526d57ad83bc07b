package dev.ringscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ringscope.asm.AsmException;
import dev.ringscope.machine.BootException;
import dev.ringscope.machine.Cpu;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.MultiGuestRun;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import dev.ringscope.vmm.VirtualMachine;
import dev.ringscope.vmm.VmcsControls;
import dev.ringscope.vmm.Vmm;
import dev.ringscope.vmm.VmmStats;
import dev.ringscope.machine.RunResult;
import dev.ringscope.trace.StopReason;
import dev.ringscope.trace.TraceHeader;
import dev.ringscope.trace.TraceCodec;
import dev.ringscope.trace.TraceOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a guest: a flat image (.bin), a program (.asm, assembled first), or a mini-OS user "
                + "program (an .asm that defines user_main, built into the mini OS).",
                "Or run several guests under one VMM: --vm A.asm --vm B.asm, each in a virtual machine of its own.",
                "The guest's console (UART and port 0xE9) streams to stdout; a summary goes to stderr."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE.bin|PROGRAM.asm", arity = "0..1", description = "what to run (or --vm)")
    Path input;

    @Option(names = "--vm", paramLabel = "IMAGE.bin|PROGRAM.asm",
            description = "a guest in a virtual machine of its own; give it two or more times to run several guests "
                    + "under one VMM (not native), console lines prefixed [vm1], [vm2], ...")
    List<Path> vms = new ArrayList<>();

    @Option(names = "--slice", paramLabel = "N",
            description = "with --vm: the VMM's time slice, in guest instructions, before it switches to the next guest"
                    + " (default " + MultiGuestRun.DEFAULT_SLICE + ")")
    Integer slice;

    @Mixin
    RunRules rules;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "100000000",
            description = "stop after N instructions (default ${DEFAULT-VALUE}); with --vm, N of each guest's own")
    long maxInstructions;

    @Option(names = "--trace", paramLabel = "OUT.jsonl|OUT.rstrace",
            description = "record every event: a .rstrace file in the compact binary form (docs/trace-format.md), "
                    + "any other as JSON Lines (a header line, then one event a line)")
    Path traceFile;

    @Option(names = "--json", description = "print one JSON object with the outcome instead of streaming the console")
    boolean json;

    @Option(names = {"-D", "--define"}, paramLabel = "NAME[=VALUE]", mapFallbackValue = "", description = "predefine a macro when assembling")
    Map<String, String> defines = new LinkedHashMap<>();

    @Option(names = "--technique", paramLabel = "NAME", defaultValue = "native",
            description = "native, trap-emulate, binary-translation, paravirtual or hardware-assisted (default ${DEFAULT-VALUE})")
    String technique;

    @Option(names = "--host", paramLabel = "NAME", defaultValue = "type1",
            description = "where VM exits go: type1 (the VMM owns the machine), type2 (hosted, VMware Workstation style)"
                    + " or kvm (the host kernel's KVM module and a VMM process) (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--interpret", description = "interpret every instruction: no block compiler (the outcome is the"
            + " same, only slower; for checking the compiler)")
    boolean interpret;

    @Option(names = "--vmcs", paramLabel = "NAME=on|off,...",
            description = "hardware-assisted: VMCS execution controls, e.g. hlt-exiting=off,ept=on")
    String vmcs;

    @Override
    public Integer call() {
        Guests.checkDefines(spec, defines);
        PrintWriter err = spec.commandLine().getErr();
        if (maxInstructions <= 0) {
            err.println("ringscope run: --max-instructions must be positive, not " + maxInstructions);
            return ExitCodes.BAD_INPUT;
        }
        Technique tech;
        HostType hostType;
        CostModel costModel;
        VmcsControls controls;
        boolean strict;
        try {
            strict = rules.strictIsa();
            tech = Technique.parse(technique);
            hostType = HostType.parse(host);
            if (!hostType.allows(tech)) {
                throw new IllegalArgumentException(hostType.refusal(tech));
            }
            costModel = rules.costModel();
            controls = VmcsControls.forPreset(costModel).with(vmcs);
        } catch (IllegalArgumentException e) {
            err.println("ringscope run: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (vmcs != null && tech != Technique.HARDWARE_ASSISTED) {
            err.println("ringscope run: --vmcs only applies to --technique hardware-assisted");
            return ExitCodes.BAD_INPUT;
        }
        String guestsProblem = SeveralGuests.problem(input, vms, slice);
        RunSetup setup = new RunSetup(tech, strict, costModel, controls, hostType);
        if (guestsProblem == null && !vms.isEmpty()) {
            guestsProblem = MultiGuestRun.refusal(setup);
        }
        if (guestsProblem != null) {
            err.println("ringscope run: " + guestsProblem);
            return ExitCodes.BAD_INPUT;
        }
        UserFiles.Output trace = null;
        TraceCodec codec = null;
        try {
            if (traceFile != null) {
                codec = TraceCodec.forOutput(traceFile);
                trace = UserFiles.Output.prepare(traceFile); // checked before the guest runs
            }
            if (!vms.isEmpty()) {
                return new SeveralGuests(this, setup, !interpret).run(vms,
                        slice == null ? MultiGuestRun.DEFAULT_SLICE : slice, trace, codec);
            }
            return run(tech, hostType, costModel, controls, strict, trace, codec);
        } catch (UserFiles.FileProblem e) {
            err.println("ringscope run: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }

    private int run(Technique tech, HostType hostType, CostModel costModel, VmcsControls controls, boolean strict,
                    UserFiles.Output trace, TraceCodec codec) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] image;
        try {
            image = Guests.image(input, tech.guestDefines(defines));
        } catch (AsmException e) {
            e.errors().forEach(err::println);
            err.println(Guests.errorCount(e, input));
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ringscope run: " + UserFiles.cannotRead(input, e));
            return ExitCodes.BAD_INPUT;
        }
        Machine machine = VirtualMachine.create(tech, hostType, costModel,
                MachineOptions.defaults().withStrictIsa(strict).withCompileBlocks(!interpret), controls);
        try {
            machine.boot(image);
        } catch (BootException e) {
            err.println("ringscope run: cannot boot " + UserFiles.quote(input) + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        TraceOutput writer = null;
        if (trace != null) {
            try {
                writer = codec.writer(java.nio.file.Files.newOutputStream(trace.temporary()),
                        TraceHeader.of(String.valueOf(input.getFileName()), tech.id(), rules.isa, costModel.name(),
                        hostType.rings(tech), options(hostType)));
            } catch (IOException e) {
                err.println("ringscope run: " + trace.cannotWrite(e));
                return ExitCodes.BAD_INPUT;
            }
            machine.setEventSink(writer);
        }
        if (!json) {
            machine.setConsoleListener((port, b) -> {
                out.write(b);
                if (b == '\n') {
                    out.flush();
                }
            });
        }
        RunResult[] ran = new RunResult[1];
        if (!writingTrace(writer, trace, err, () -> {
            ran[0] = machine.run(maxInstructions);
            machine.finishTrace();
        })) {
            return ExitCodes.RUN_ERROR;
        }
        RunResult result = ran[0];
        out.flush();
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary(machine, result, costModel)));
            } catch (IOException e) {
                err.println("ringscope run: " + e.getMessage());
                return ExitCodes.RUN_ERROR;
            }
        } else {
            err.printf("%s: %s after %,d instructions, %,d cycles (%s, %s costs)%s%n", input.getFileName(),
                    result.reason().label(), result.instructions(), result.cycles(),
                    tech.id() + (hostType == HostType.TYPE1 ? "" : " on " + hostType.id()), costModel.name(),
                    result.reason() == StopReason.EXIT ? " (exit value " + result.exitValue() + ")" : "");
            if (!result.message().isEmpty() && result.reason() != StopReason.EXIT) {
                err.println("  " + result.message());
            }
        }
        out.flush();
        return result.reason() == StopReason.SHUTDOWN ? ExitCodes.RUN_ERROR : ExitCodes.OK;
    }

    /** The header's options: the instruction limit, and the host when it is not type 1 (older traces stay as they were). */
    /** A run's work between opening its trace writer and closing it. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} while {@code writer} (null: no trace) takes its events, then closes the writer
     * and puts the trace file in place; a trace that could not be written is said on {@code err}, and
     * the answer is false. The temporary file of a failed trace goes with {@code trace}'s close.
     */
    static boolean writingTrace(TraceOutput writer, UserFiles.Output trace, PrintWriter err, Work work) {
        try {
            work.run();
            if (writer != null) {
                writer.close();
                trace.commit();
            }
            return true;
        } catch (java.io.UncheckedIOException e) {
            err.println("ringscope run: " + trace.cannotWrite(e.getCause()));
            return false;
        } catch (IOException e) {
            err.println("ringscope run: " + trace.cannotWrite(e));
            return false;
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException | RuntimeException e) {
                    // already reported, or closed
                }
            }
        }
    }

    private Map<String, String> options(HostType hostType) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("maxInstructions", Long.toString(maxInstructions));
        if (hostType != HostType.TYPE1) {
            options.put("host", hostType.id());
        }
        return options;
    }

    static Map<String, Object> summary(Machine machine, RunResult result, CostModel cost) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("technique", VirtualMachine.technique(machine).id());
        s.put("host", VirtualMachine.host(machine).id());
        s.put("cost", cost.name());
        s.put("stop", result.reason().label());
        s.put("exitValue", result.exitValue());
        s.put("message", result.message());
        s.put("console", machine.console());
        s.put("instructions", result.instructions());
        s.put("cycles", result.cycles());
        s.put("cpu", cpuState(machine.cpu()));
        Map<String, Object> counters = new LinkedHashMap<>(machine.counters().asMap());
        counters.put("exceptionsByVector", machine.counters().exceptionsByName());
        Vmm vmm = VirtualMachine.vmm(machine);
        counters.putAll((vmm == null ? new VmmStats() : vmm.stats()).asMap(result.cycles()));
        s.put("counters", counters);
        return s;
    }

    static Map<String, Object> cpuState(Cpu cpu) {
        Map<String, Object> c = new LinkedHashMap<>();
        String[] names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        for (int i = 0; i < 8; i++) {
            c.put(names[i], Integer.toUnsignedLong(cpu.reg[i]));
        }
        c.put("eip", Integer.toUnsignedLong(cpu.eip));
        c.put("eflags", Integer.toUnsignedLong(cpu.eflags()));
        c.put("cs", cpu.segSelector[Cpu.CS]);
        c.put("ss", cpu.segSelector[Cpu.SS]);
        c.put("ds", cpu.segSelector[Cpu.DS]);
        c.put("cpl", cpu.cpl);
        c.put("cr0", Integer.toUnsignedLong(cpu.cr0));
        c.put("cr2", Integer.toUnsignedLong(cpu.cr2));
        c.put("cr3", Integer.toUnsignedLong(cpu.cr3));
        c.put("cr4", Integer.toUnsignedLong(cpu.cr4));
        return c;
    }
}
