package dev.ringscope.vmm;

import dev.ringscope.machine.Machine;
import dev.ringscope.machine.MachineOptions;
import dev.ringscope.testing.GuestImages;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A traced run of a sample under a technique, for the technique tests. */
final class Runs {

    final Machine machine;
    final Trace trace = new Trace();

    private Runs(Machine machine) {
        this.machine = machine;
    }

    static Runs traced(String sample, Technique t, boolean strict, VmcsControls controls) throws Exception {
        Path p = Path.of(sample);
        Machine m = VirtualMachine.create(t, CostModel.P4_2006, MachineOptions.defaults().withStrictIsa(strict),
                controls == null ? VmcsControls.forPreset(CostModel.P4_2006) : controls);
        Runs r = new Runs(m);
        m.setEventSink(r.trace);
        m.boot(GuestImages.of(p, t));
        m.run(5_000_000);
        m.finishTrace();
        return r;
    }

    /** A traced run of {@code sample} with {@code setup} (a host, a preset). */
    static Runs traced(String sample, RunSetup setup) throws Exception {
        Machine m = VirtualMachine.create(setup.technique(), setup.host(), setup.cost(),
                MachineOptions.defaults().withStrictIsa(setup.strictIsa()), setup.controls());
        Runs r = new Runs(m);
        m.setEventSink(r.trace);
        m.boot(GuestImages.of(Path.of(sample), setup.technique()));
        m.run(5_000_000);
        m.finishTrace();
        return r;
    }

    static Runs traced(String sample, Technique t) throws Exception {
        return traced(sample, t, false, null);
    }

    Vmm vmm() {
        return VirtualMachine.vmm(machine);
    }

    <T extends Event> List<T> events(Class<T> kind) {
        List<T> list = new ArrayList<>();
        for (long i = 0; i < trace.size(); i++) {
            Event e = trace.get(i);
            if (kind.isInstance(e)) {
                list.add(kind.cast(e));
            }
        }
        return list;
    }
}
