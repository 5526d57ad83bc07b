package dev.ringscope.bench;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second on the bench workload (samples/bench/workload.asm on the mini OS),
 * with tracing off and with a full trace in memory. JMH's forks and iterations smooth out the JIT's
 * run-to-run variation that one-shot timings show. Run:
 * {@code mvn -q -o test-compile && java -cp "target/classes:target/test-classes:$(cat cp.txt)" org.openjdk.jmh.Main InterpreterBenchmark}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class InterpreterBenchmark {

    private static final int INSTRUCTIONS = 2_000_000;
    private byte[] image;
    private Machine machine;

    @Setup(Level.Trial)
    public void assemble() throws Exception {
        image = MiniOs.build(Path.of("samples/bench/workload.asm"), Map.of()).bytes();
    }

    @Setup(Level.Invocation)
    public void boot(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
        boolean interpreted = params.getBenchmark().endsWith("Interpreted");
        machine = new Machine(MachineOptions.defaults().withCompileBlocks(!interpreted));
        machine.boot(image);
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public long tracingOff() {
        machine.run(INSTRUCTIONS);
        return machine.cycles();
    }

    /** The same without the block compiler: the interpreter alone. */
    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public long tracingOffInterpreted() {
        machine.run(INSTRUCTIONS);
        return machine.cycles();
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS / 10)
    public long fullTraceInMemory() {
        Trace trace = new Trace();
        machine.setEventSink(trace);
        machine.run(INSTRUCTIONS / 10);
        return trace.size();
    }
}
