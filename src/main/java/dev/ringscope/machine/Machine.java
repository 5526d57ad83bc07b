package dev.ringscope.machine;

import dev.ringscope.isa.Decoded;
import dev.ringscope.isa.Decoder;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventSink;
import dev.ringscope.trace.RingOccupancy;
import dev.ringscope.trace.StopReason;

/**
 * The emulated PC: a 32-bit x86 CPU with the SDM's privilege rules, paging, the 8259A/8254/16550
 * devices, the debug console (0xE9) and QEMU's isa-debug-exit (0xF4). Deterministic: the same
 * image and options give the same instructions, cycles and events every time.
 */
public final class Machine {

    /** Console text kept for summaries; beyond it the start is kept and the rest counted. */
    public static final int CONSOLE_LIMIT = Console.LIMIT;

    final MachineOptions options;
    final Cpu cpu = new Cpu();
    final PhysicalMemory memory;
    final Paging paging;
    final Bus bus;
    final Protection protection;
    final CodeCache codeCache;
    final Pic pic = new Pic();
    final Pit pit;
    final Uart uart;
    final LocalApic apic = new LocalApic();
    private final SystemInstructions system;
    private final Interpreter interpreter;
    final IoPorts io = new IoPorts(this);
    final Delivery delivery = new Delivery(this);
    final Console console = new Console(this);

    long cycles;
    long time;
    private final boolean strictIsa;
    final RunCounters counters = new RunCounters();

    // events
    boolean tracing;
    private EventSink sink;
    private long seq;
    private final RegisterTrace registerTrace = new RegisterTrace(cpu);


    // run state
    private StopReason stop;
    private int exitValue;
    private String stopMessage = "";
    private boolean halted;
    private int shadow;
    private boolean interruptCheck;
    private boolean runEndPending;
    /** Set by whatever needs the full per-step checks again. */
    private boolean breakBurst;
    /** Who runs in each ring: native unless a monitor says otherwise. */
    private RingOccupancy rings = RingOccupancy.NATIVE;
    /** The VMM, if the guest runs under one. */
    Monitor monitor;
    /** The VMM is carrying out a port access on its device model: no bus cycles. */
    boolean emulatingIo;
    HardwareCosts costs = HardwareCosts.NONE;

    // instruction fetch: the page the last instruction came from
    private CodeCache.Page fetchPage;
    private long compiledRuns;
    private int fetchLinearPage = -1;
    private int fetchGeneration = -1;
    private int fetchCpl = -1;

    /** Receives console bytes as the guest writes them (for streaming to a terminal). */
    @FunctionalInterface
    public interface ConsoleListener {
        void write(int port, int value);
    }

    public Machine(MachineOptions options) {
        this(options, new PhysicalMemory(options.memoryBytes()));
    }

    /** A machine whose RAM is {@code memory}: a guest's frames of {@link HostMemory}, beside other guests. */
    public Machine(MachineOptions options, PhysicalMemory memory) {
        if (memory.size() != options.memoryBytes()) {
            throw new IllegalArgumentException("the options say " + options.memoryBytes() + " bytes of memory, "
                    + "the memory has " + memory.size());
        }
        this.options = options;
        this.strictIsa = options.strictIsa();
        this.memory = memory;
        this.paging = new Paging(this);
        this.bus = new Bus(this);
        this.protection = new Protection(this);
        this.codeCache = new CodeCache(memory);
        this.pit = new Pit(options.pitDivider());
        this.uart = new Uart(b -> console.write(Uart.BASE, b));
        this.system = new SystemInstructions(this);
        this.interpreter = new Interpreter(this, system);
        system.attach(interpreter);
        io.attach(pic, 0x20, 0x21, 0xA0, 0xA1);
        io.attach(pit, 0x40, 0x41, 0x42, 0x43);
        memory.setDeviceWindow(new ApicWindow());
        io.attach(uart, Uart.BASE, Uart.BASE + 1, Uart.BASE + 2, Uart.BASE + 3, Uart.BASE + 4, Uart.BASE + 5,
                Uart.BASE + 6, Uart.BASE + 7);
    }

    public Cpu cpu() {
        return cpu;
    }

    /** The local APIC's page: a VMM may serve an access on its virtual APIC; natively it is an uncached access. */
    private final class ApicWindow implements PhysicalMemory.DeviceWindow {
        @Override
        public boolean claims(int address) {
            return LocalApic.contains(address);
        }

        @Override
        public int read32(int address) {
            long served = monitor == null ? -1 : monitor.apicRead(address & 0xFFF);
            if (served >= 0) {
                return (int) served;
            }
            cycles += costs.apicAccess();
            return apic.read(address & 0xFFF);
        }

        @Override
        public void write32(int address, int value) {
            if (monitor == null || !monitor.apicWrite(address & 0xFFF, value)) {
                cycles += costs.apicAccess();
                apic.write(address & 0xFFF, value);
            }
        }
    }

    public LocalApic apic() {
        return apic;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public MachineOptions options() {
        return options;
    }

    public long cycles() {
        return cycles;
    }

    public long instructions() {
        return counters.instructions;
    }

    public RunCounters counters() {
        return counters;
    }

    /** Who runs in each ring on this machine: native, or what the attached monitor's technique says. */
    public RingOccupancy rings() {
        return rings;
    }

    /** Runs the guest under {@code monitor} (before {@link #boot}). */
    public void attach(Monitor monitor) {
        this.monitor = monitor;
        monitor.attach(new Hardware(this));
        this.rings = monitor.rings();
        memory.setWatchListener(monitor::watchedWrite);
        memory.setCodeWriteListener((address, length) -> {
            codeCache.codeWritten(address, length);
            monitor.codeWritten(address, length);
        });
    }

    public Monitor monitor() {
        return monitor;
    }

    /** What the hardware charges for its events (cycles beyond one per instruction). */
    public void setCosts(HardwareCosts costs) {
        this.costs = costs;
    }

    public HardwareCosts costs() {
        return costs;
    }

    /** Events go to {@code sink}; null turns tracing off (the fast path allocates nothing). */
    public void setEventSink(EventSink sink) {
        this.sink = sink;
        this.tracing = sink != null;
        if (tracing) {
            // the stream starts with every register's value, so a trace alone shows the whole state
            registerTrace.reset(this, sink);
        }
    }

    public void setConsoleListener(ConsoleListener listener) {
        console.setListener(listener);
    }

    /** What the guest printed (the first {@link #CONSOLE_LIMIT} characters). */
    public String console() {
        return console.text();
    }

    public long consoleDropped() {
        return console.dropped();
    }

    public StopReason stopReason() {
        return stop;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Everything that makes the machine what it is at one moment: registers, memory, devices,
     * pending interrupts, console, counters, the event sequence. Restoring one and running on
     * repeats exactly what happened after it (the emulator is deterministic), which is how the UI
     * steps back.
     */
    public static final class Snapshot {
        private final Cpu cpu;
        private final PhysicalMemory.Image memory;
        private final Pic pic;
        private final Pit pit;
        private final int[] uart;
        private final int apicTpr;
        private final RunCounters counters;
        private final long cycles;
        private final long time;
        private final long seq;
        private final int consoleLength;
        private final long consoleDropped;
        private final StopReason stop;
        private final int exitValue;
        private final String stopMessage;
        private final boolean halted;
        private final int shadow;
        private final boolean interruptCheck;
        private final boolean compressed;
        private final Object monitorState;
        private final int[][] tlb;

        private Snapshot(Machine m) {
            tlb = m.paging.saveTlb();
            compressed = m.protection.compressed;
            monitorState = m.monitor == null ? null : m.monitor.save();
            cpu = m.cpu.copy();
            memory = m.memory.snapshot();
            pic = m.pic.copy();
            pit = m.pit.copy();
            uart = m.uart.state();
            apicTpr = m.apic.tpr();
            counters = m.counters.copy();
            cycles = m.cycles;
            time = m.time;
            seq = m.seq;
            consoleLength = m.console.length();
            consoleDropped = m.console.dropped();
            stop = m.stop;
            exitValue = m.exitValue;
            stopMessage = m.stopMessage;
            halted = m.halted;
            shadow = m.shadow;
            interruptCheck = m.interruptCheck;
        }

        public long instructions() {
            return counters.instructions;
        }

        /** The sequence number the next event will get. */
        public long nextSeq() {
            return seq;
        }

        public long cycles() {
            return cycles;
        }

        public long memoryBytes() {
            return memory.distinctBytes();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(this);
    }

    /** Puts the machine back to {@code s}; the console text written since is taken back too. */
    public void restore(Snapshot s) {
        s.cpu.copyInto(cpu);
        memory.restore(s.memory);
        codeCache.clear();
        paging.restoreTlb(s.tlb);
        pic.restore(s.pic);
        pit.restore(s.pit);
        uart.restore(s.uart);
        apic.setTpr(s.apicTpr);
        counters.restore(s.counters);
        cycles = s.cycles;
        time = s.time;
        seq = s.seq;
        console.truncate(s.consoleLength, s.consoleDropped);
        stop = s.stop;
        exitValue = s.exitValue;
        stopMessage = s.stopMessage;
        halted = s.halted;
        shadow = s.shadow;
        interruptCheck = s.interruptCheck;
        protection.compressed = s.compressed;
        if (monitor != null) {
            monitor.restore(s.monitorState);
        }
        runEndPending = false;
        fetchPage = null;
        fetchLinearPage = -1;
        if (tracing) {
            registerTrace.reset(this, null);
        }
    }

    // ---------------------------------------------------------------- boot

    /** Loads a flat image as a Multiboot loader would, and sets up the CPU for its entry. */
    public void boot(byte[] image) throws BootException {
        MultibootLoader.load(this, image);
        if (monitor != null) {
            monitor.booted();
        }
    }

    /** The guest's interrupt flag: EFLAGS.IF natively, the virtual one under a VMM. */
    private boolean guestInterruptsEnabled() {
        return monitor == null ? (cpu.eflags() & Cpu.IF) != 0 : monitor.guestInterruptsEnabled();
    }

    private boolean codeWatched() {
        return monitor != null && monitor.watchesCode(cpu.cpl);
    }

    // ---------------------------------------------------------------- running

    /** Runs until the guest stops or {@code maxInstructions} more instructions have retired. */
    public RunResult run(long maxInstructions) {
        long limit = counters.instructions + maxInstructions;
        if (stop == StopReason.LIMIT || stop == StopReason.STOPPED) {
            stop = null;
        }
        while (stop == null) {
            if (counters.instructions >= limit) {
                stop(StopReason.LIMIT, 0, "stopped after " + counters.instructions + " instructions");
                break;
            }
            if (tracing || halted || shadow > 0 || interruptCheck || time >= pit.nextFire || codeWatched()) {
                step();
            } else {
                burst(Math.min(limit - counters.instructions, pit.nextFire - time));
            }
        }
        return result();
    }

    /**
     * Runs up to {@code budget} instructions while nothing but instructions can happen: no timer
     * due, no interrupt to check, no tracing. Exactly what {@link #step()} would do, minus the
     * checks; anything that needs them (a PIC write, STI, HLT, a stop) ends the burst.
     */
    private void burst(long budget) {
        breakBurst = false;
        long done = 0;
        Block previous = null;
        int previousEip = 0;
        while (done < budget && !breakBurst) {
            if (codeWatched()) {
                break; // binary translation runs kernel code a step at a time
            }
            int eip = cpu.eip;
            boolean samePage = previous != null && ((eip ^ previousEip) & ~0xFFF) == 0 && fetchPage.valid;
            Block b = samePage ? previous.successor(eip) : null;
            if (b == null) {
                Uop u;
                try {
                    u = fetch();
                } catch (CpuFault f) {
                    delivery.raise(f, eip);
                    done++;
                    previous = null;
                    continue;
                }
                if (!Block.fits(u) || cpu.trapFlag()) {
                    execute(u, eip);
                    done++;
                    previous = null;
                    continue;
                }
                b = u.block;
                if (b == null) {
                    b = buildBlock(u, eip);
                }
                if (samePage) {
                    previous.rememberSuccessor(eip, b);
                }
            }
            int ran = runBlock(b, eip, (int) Math.min(b.length(), budget - done));
            done += ran;
            // fast-path code cannot change CPL, paging or TF, so the next block may follow directly
            previous = ran == b.length() && fetchPage.valid ? b : null;
            previousEip = eip;
        }
    }

    private Block buildBlock(Uop first, int eip) {
        CodeCache.Page page = fetchPage;
        int pageLinear = eip & ~0xFFF;
        Block b = Block.build(first, eip & 0xFFF, offset -> {
            Uop u = page.slots[offset];
            if (u == null) {
                try {
                    u = decode(pageLinear + offset);
                } catch (CpuFault f) {
                    return null; // not readable: the block ends before it
                }
                if (offset + u.length <= PhysicalMemory.PAGE_SIZE) {
                    page.put(offset, u);
                }
            }
            return u;
        });
        first.block = b;
        return b;
    }

    /**
     * Runs the first {@code n} instructions of a block; returns how many steps that took. A fault
     * stops it there (and is delivered); so does a write over the block's own code.
     */
    private int runBlock(Block b, int startEip, int n) {
        int[] offsets = b.offsets;
        // only a block's last instruction can branch, call or return, and none before it reads EIP: it is
        // set once, to just after the last one to run (a fault or an early stop recomputes it)
        cpu.eip = startEip + offsets[n - 1] + b.uops[n - 1].length;
        int ran;
        try {
            CompiledBlock c = n == b.uops.length ? compiled(b) : null;
            if (c != null) {
                compiledRuns++;
                ran = c.run(cpu, bus, fetchPage, interpreter);
            } else {
                ran = interpreter.runStraight(b.uops, n, fetchPage);
            }
        } catch (CpuFault f) {
            int i = interpreter.faultAt;
            retired(i);
            cpu.eip = startEip + offsets[i];
            delivery.raise(f, cpu.eip);
            return i + 1;
        }
        if (ran < n) {
            cpu.eip = startEip + offsets[ran];
        }
        retired(ran);
        return ran;
    }

    /** Blocks run from their compiled form (see {@link MachineOptions#compileBlocks()}); not part of a snapshot. */
    public long compiledBlockRuns() {
        return compiledRuns;
    }

    /** The block's compiled form: once it has run {@link BlockCompiler#THRESHOLD} times whole, or never. */
    private CompiledBlock compiled(Block b) {
        CompiledBlock c = b.compiled;
        if (c == null && options.compileBlocks() && ++b.runs == BlockCompiler.THRESHOLD) {
            c = BlockCompiler.compile(b, monitor != null); // null: it cannot be, and stays interpreted
            b.compiled = c;
        }
        return c;
    }

    /** Counts instructions that retired in a block, where nothing read the counts meanwhile. */
    private void retired(int n) {
        counters.instructions += n;
        time += n;
        cycles += n;
    }

    public RunResult result() {
        return new RunResult(stop, exitValue, counters.instructions, cycles, stopMessage);
    }

    public boolean stopped() {
        return stop != null && stop != StopReason.LIMIT && stop != StopReason.STOPPED;
    }

    /** One step: deliver a pending interrupt, wait in HLT, or execute one instruction. */
    public void step() {
        if (stopped()) {
            return;
        }
        if (time >= pit.nextFire) {
            pit.setTime(time);
            if (pit.fire(time)) {
                pic.raise(0);
                interruptCheck = true;
            }
        }
        if (shadow > 0) {
            shadow--;
        } else if (interruptCheck && guestInterruptsEnabled()) {
            if (monitor != null && monitor.deliverPending()) {
                emitRunEndIfPending();
                return;
            }
            // a request that arrived with IF clear stays checked until IF is set again
            if (pic.hasInterrupt()) {
                delivery.deliverExternalInterrupt();
                emitRunEndIfPending();
                return;
            }
            interruptCheck = false;
        } else if (interruptCheck && monitor != null && pic.hasInterrupt()) {
            monitor.interruptHeld(); // the guest has interrupts masked while one waits
        }
        if (halted) {
            waitForInterrupt();
        } else {
            executeOne();
        }
        if (runEndPending) {
            emitRunEndIfPending();
        }
    }

    private void waitForInterrupt() {
        if (!guestInterruptsEnabled() || pit.nextFire == Long.MAX_VALUE) {
            stop(StopReason.HALTED, 0, !guestInterruptsEnabled()
                    ? String.format("hlt at 0x%08X with interrupts disabled: nothing can wake the CPU", cpu.eip - 1)
                    : String.format("hlt at 0x%08X with no timer running: nothing can wake the CPU", cpu.eip - 1));
            return;
        }
        long skipped = pit.nextFire - time;
        time = pit.nextFire;
        cycles += skipped;
    }

    private void executeOne() {
        int eip = cpu.eip;
        Uop u;
        try {
            u = fetch();
        } catch (CpuFault f) {
            delivery.raise(f, eip);
            return;
        }
        if (u.op != null && codeWatched()) {
            cpu.eip = eip + u.length;
            try {
                if (monitor.kernelInstruction(eip, u.instruction, u.bytes)) {
                    return;
                }
            } catch (CpuFault f) {
                faulted(f, eip);
                return;
            }
            cpu.eip = eip;
        }
        execute(u, eip);
    }

    /** Executes a fetched instruction at {@code eip}; false if it faulted (the fault is delivered). */
    private boolean execute(Uop u, int eip) {
        if (u.op == null) {
            delivery.raise(u.invalidFault(cpu), eip);
            return false;
        }
        cpu.eip = eip + u.length;
        if (u.monitored && monitor != null) {
            try {
                if (monitor.sensitiveInstruction(eip, u.instruction, u.bytes)) {
                    return false;
                }
            } catch (CpuFault f) {
                faulted(f, eip);
                return false;
            }
        }
        boolean singleStep = cpu.trapFlag();
        try {
            if (u.strictTrap && strictIsa && cpu.cpl > 0) {
                throw strictTrap(u);
            }
            interpreter.execute(u);
        } catch (CpuFault f) {
            faulted(f, eip);
            return false;
        }
        counters.instructions++;
        time++;
        cycles++;
        if (tracing | singleStep) {
            return retiredSlowly(u, eip, singleStep);
        }
        return true;
    }

    private CpuFault strictTrap(Uop u) {
        return CpuFault.gp(0, u.op.lowerName() + " is sensitive: under --isa strict it traps at CPL " + cpu.cpl);
    }

    private void faulted(CpuFault f, int eip) {
        cpu.eip = eip;
        delivery.raise(f, eip);
    }

    /** After an instruction retires with tracing on or TF set: its events, and the single-step trap. */
    private boolean retiredSlowly(Uop u, int eip, boolean singleStep) {
        if (tracing) {
            sink.instructionRetired(nextSeq(), cycles, eip, cpu.cpl, u.bytes);
            registerTrace.emitChanges(this, sink);
        }
        if (singleStep) {
            // SDM Vol. 3A §17.3.1.4: with TF set, a debug trap (#DB) follows the instruction
            CpuFault db = CpuFault.of(CpuFault.DB, "single-step trap (EFLAGS.TF) after the instruction at "
                    + String.format("0x%08X", eip));
            delivery.noteException(db, eip);
            delivery.deliverEscalating(db, cpu.eip, Protection.Source.EXCEPTION, "#DB");
            return false;
        }
        return true;
    }

    /** A monitor carried out the guest instruction at {@code eip}: count it, as native would have. */
    void retireEmulated(int eip, byte[] bytes) {
        counters.instructions++;
        time++;
        cycles++;
        if (tracing) {
            sink.instructionRetired(nextSeq(), cycles, eip, cpu.cpl, bytes);
            registerTrace.emitChanges(this, sink);
        }
    }

    /** See {@link Hardware#executeAsRing0}. */
    void executeAsRing0(int eip) {
        int saved = cpu.cpl;
        cpu.cpl = 0;
        emulatingIo = true;
        try {
            executeDirect(eip);
        } finally {
            emulatingIo = false;
            if (cpu.cpl == 0) {
                cpu.cpl = saved; // unless the instruction itself changed rings (sysexit)
            }
        }
    }

    /** See {@link Hardware#executeDirect}: the instruction at {@code eip}, at the current CPL, no strict trap. */
    void executeDirect(int eip) {
        cpu.eip = eip;
        Uop u = fetch();
        if (u.op == null) {
            cpu.eip = eip;
            throw u.invalidFault(cpu);
        }
        cpu.eip = eip + u.length;
        try {
            interpreter.execute(u);
        } catch (CpuFault f) {
            cpu.eip = eip;
            throw f;
        }
    }

    int readOperand(int eip, int offset, int size) {
        int saved = cpu.eip;
        cpu.eip = eip;
        Uop u = fetch();
        cpu.eip = saved;
        return bus.read(u.memSeg, interpreter.ea(u) + offset, size);
    }

    void writeOperand(int eip, int offset, int size, int value) {
        int saved = cpu.eip;
        cpu.eip = eip;
        Uop u = fetch();
        cpu.eip = saved;
        bus.write(u.memSeg, interpreter.ea(u) + offset, size, value);
    }

    /** rep string iterations each take a cycle. */
    void chargeRepeat() {
        cycles++;
    }

    private Uop fetch() {
        int linear = cpu.segBase[Cpu.CS] + cpu.eip;
        CodeCache.Page page = fetchPage;
        if ((linear & ~0xFFF) == fetchLinearPage && page != null && page.valid && fetchGeneration == paging.generation
                && fetchCpl == cpu.cpl) {
            Uop u = page.slots[linear & 0xFFF];
            if (u != null) {
                return u;
            }
        }
        return fetchSlowly(linear);
    }

    /** A new code page (translate it, find its decodings) or an instruction not decoded yet. */
    private Uop fetchSlowly(int linear) {
        int pageLinear = linear & ~0xFFF;
        if (pageLinear != fetchLinearPage || fetchGeneration != paging.generation || fetchCpl != cpu.cpl
                || fetchPage == null || !fetchPage.valid) {
            int physical = paging.translate(linear, Paging.FETCH | (cpu.cpl == 3 ? Paging.USER : 0));
            fetchPage = codeCache.page(physical >>> PhysicalMemory.PAGE_SHIFT, pageLinear);
            fetchLinearPage = pageLinear;
            fetchGeneration = paging.generation;
            fetchCpl = cpu.cpl;
            if (fetchPage == null) {
                fetchLinearPage = -1;
                return decode(linear);
            }
        }
        Uop u = fetchPage.slots[linear & 0xFFF];
        if (u == null) {
            u = decode(linear);
            if ((linear & 0xFFF) + u.length <= PhysicalMemory.PAGE_SIZE) {
                fetchPage.put(linear & 0xFFF, u);
            }
        }
        return u;
    }

    private Uop decode(int linear) {
        int user = Paging.FETCH | (cpu.cpl == 3 ? Paging.USER : 0);
        Decoder.CodeReader reader = a -> memory.read8(paging.translate((int) a, user));
        Decoded d = Decoder.decode(reader, linear & 0xFFFF_FFFFL);
        byte[] bytes = new byte[d.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) reader.byteAt((linear + i) & 0xFFFF_FFFFL);
        }
        return new Uop(d, bytes);
    }

    /** An interrupt ends HLT's wait. */
    void wake() {
        halted = false;
    }

    void traceRegisters() {
        if (tracing) {
            registerTrace.emitChanges(this, sink);
        }
    }

    void interruptShadow() {
        shadow = 1;
        breakBurst = true;
    }

    void interruptsMayBeDeliverable() {
        interruptCheck = true;
        breakBurst = true;
    }

    void timerReprogrammed() {
        breakBurst = true;
    }

    void halt() {
        halted = true;
        breakBurst = true;
        counters.halts++;
        if (tracing) {
            emit(new Event.GuestHalted(nextSeq(), cycles, cpu.eip - 1, (cpu.eflags() & Cpu.IF) != 0));
        }
    }

    /** MOV/POP to a segment register (SDM Vol. 2B MOV: loading CS this way is #UD). */
    void loadSegmentRegister(int sreg, int selector) {
        switch (sreg) {
            case Cpu.CS -> throw CpuFault.of(CpuFault.UD, "mov to cs is not an instruction");
            case Cpu.SS -> {
                protection.loadStackSegment(selector, cpu.cpl, CpuFault.GP);
                interruptShadow(); // SDM Vol. 2B MOV: no interrupt between mov ss and the next instruction
            }
            default -> protection.loadDataSegment(sreg, selector);
        }
    }

    // ---------------------------------------------------------------- stopping and events

    void stop(StopReason reason, int value, String message) {
        if (stop != null && stop != StopReason.LIMIT && stop != StopReason.STOPPED) {
            return;
        }
        stop = reason;
        exitValue = value;
        stopMessage = message;
        breakBurst = true;
        runEndPending = tracing && reason != StopReason.LIMIT && reason != StopReason.STOPPED;
    }

    /** RunEnded comes after the events of the instruction that stopped the run. */
    private void emitRunEndIfPending() {
        if (runEndPending) {
            runEndPending = false;
            emit(new Event.RunEnded(nextSeq(), cycles, stop, exitValue, counters.instructions, stopMessage));
        }
    }

    /** Ends a paused or limited run's trace (the CLI calls this when it stops at the limit). */
    public void finishTrace() {
        if (tracing && (stop == StopReason.LIMIT || stop == StopReason.STOPPED)) {
            emit(new Event.RunEnded(nextSeq(), cycles, stop, exitValue, counters.instructions, stopMessage));
        }
    }

    long nextSeq() {
        return seq++;
    }

    EventSink sink() {
        return sink;
    }

    void emit(Event e) {
        sink.accept(e);
    }
}
