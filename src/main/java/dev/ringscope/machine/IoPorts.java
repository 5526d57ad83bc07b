package dev.ringscope.machine;

import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;

/**
 * The I/O port space (SDM Vol. 1 ch. 18): which device answers which port, and every access as an
 * event. Ports nobody answers read as all ones (an open bus) and drop writes. Two ports are
 * wired straight to the machine, as QEMU wires them: 0xE9 (the Bochs/QEMU debug console) and 0xF4
 * (isa-debug-exit, which ends the run with the value written).
 */
final class IoPorts {

    static final int DEBUG_CONSOLE = 0xE9;
    static final int DEBUG_EXIT = 0xF4;

    private final Machine m;
    private final IoDevice[] ports = new IoDevice[0x10000];

    IoPorts(Machine m) {
        this.m = m;
    }

    void attach(IoDevice device, int... portNumbers) {
        for (int p : portNumbers) {
            ports[p] = device;
        }
    }

    int in(int port, int size) {
        IoDevice d = ports[port & 0xFFFF];
        chargeBus(port);
        int value;
        if (port == DEBUG_CONSOLE) {
            value = DEBUG_CONSOLE; // Bochs/QEMU: reading the debug console port answers 0xE9
        } else if (d == null) {
            value = size == 1 ? 0xFF : size == 2 ? 0xFFFF : -1;
        } else {
            m.pit.setTime(m.time);
            value = d.in(port, size);
        }
        m.counters.ioAccesses++;
        if (m.tracing) {
            m.emit(new Event.IoAccess(m.nextSeq(), m.cycles, port, size, value, false, deviceName(port, d)));
        }
        return value;
    }

    void out(int port, int size, int value) {
        IoDevice d = ports[port & 0xFFFF];
        chargeBus(port);
        m.counters.ioAccesses++;
        if (m.tracing) {
            m.emit(new Event.IoAccess(m.nextSeq(), m.cycles, port, size, value, true, deviceName(port, d)));
        }
        if (port == DEBUG_CONSOLE) {
            m.console.write(DEBUG_CONSOLE, value & 0xFF);
        } else if (port == DEBUG_EXIT) {
            m.stop(StopReason.EXIT, value & (size == 1 ? 0xFF : size == 2 ? 0xFFFF : -1),
                    "the guest wrote " + (value & 0xFF) + " to the debug-exit port 0xF4");
        } else if (d != null) {
            m.pit.setTime(m.time);
            d.out(port, size, value);
            if (d == m.pic) {
                m.interruptsMayBeDeliverable();
            } else if (d == m.pit) {
                m.timerReprogrammed(); // the run loop's instruction budget ran to the old fire time
            }
        }
    }

    /**
     * A port access on the (slow, ISA) bus costs {@link HardwareCosts#deviceAccess}, unless a VMM
     * serves it from its device model, or it is one of the two debug ports, which are the
     * emulator's own (QEMU's too) and stand for no real device.
     */
    private void chargeBus(int port) {
        if (!m.emulatingIo && port != DEBUG_CONSOLE && port != DEBUG_EXIT) {
            m.cycles += m.costs.deviceAccess();
        }
    }

    private static String deviceName(int port, IoDevice d) {
        if (port == DEBUG_CONSOLE) {
            return "debug console";
        }
        if (port == DEBUG_EXIT) {
            return "debug exit";
        }
        return d == null ? "nothing" : d.name();
    }
}
