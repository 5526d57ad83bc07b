package dev.ringscope.ui;

import dev.ringscope.isa.Disassembler;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import java.util.List;
import java.util.Locale;

/**
 * One line of text per event for the event log: the facts of the event, terse, in the notation of
 * the SDM ({@code ring 3 → 0  int 0x80}, {@code #GP 0x0 at 0x001020CF: cli at CPL 3 with IOPL 0}).
 * Made from the event alone, so a recorded trace reads like a live run.
 */
final class EventLogDescription {

    private EventLogDescription() {
    }

    /** The kind as the log's Kind column names it: {@code ring transition}. */
    static String kindLabel(EventKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String of(Event event) {
        return of(event, dev.ringscope.replay.Narrator.Names.NONE);
    }

    /** With the addresses named through {@code names} ({@code 0x08048123 (main+0x13)}). */
    static String of(Event event, dev.ringscope.replay.Narrator.Names names) {
        if (event instanceof Event.InstructionRetired i) {
            return String.format("%s  %s  (CPL %d)", names.at(i.eip()), instructionText(i), i.cpl());
        } else if (event instanceof Event.RegisterWrite r) {
            return String.format("%s ← 0x%08X", r.register(), r.value());
        } else if (event instanceof Event.MemoryAccess m) {
            return String.format("%s %d byte%s at %s (physical %s) %s 0x%X", m.write() ? "write" : "read", m.size(),
                    m.size() == 1 ? "" : "s", names.at(m.linear()), address(m.physical()), m.write() ? "←" : "→",
                    m.value());
        } else if (event instanceof Event.RingTransition t) {
            if (t.from().hostSide() && t.to().hostSide()) { // a hop on the host's side: the parties say more than the rings
                return String.format("ring %s → %s  %s → %s  %s", ring(t.fromRing()), ring(t.toRing()), t.from().label(),
                        t.to().label(), t.label());
            }
            return String.format("ring %s → %s  %s", ring(t.fromRing()), ring(t.toRing()), t.label());
        } else if (event instanceof Event.ExceptionRaised x) {
            String code = x.errorCode() < 0 ? "" : String.format(" 0x%X", x.errorCode());
            return String.format("%s%s at %s: %s", x.mnemonic(), code, names.at(x.eip()), x.reason());
        } else if (event instanceof Event.InterruptDelivered irq) {
            return String.format("IRQ %d → vector 0x%02X, interrupting %s", irq.irq(), irq.vector(), names.at(irq.eip()));
        } else if (event instanceof Event.SystemCall s) {
            return String.format("system call %d via %s at %s", s.number(), s.via(), names.at(s.eip()));
        } else if (event instanceof Event.IoAccess io) {
            String device = io.device() == null || io.device().isEmpty() ? "" : " (" + io.device() + ")";
            return String.format("%s 0x%X %s 0x%X%s", io.write() ? "out" : "in", io.port(), io.write() ? "←" : "→",
                    io.value(), device);
        } else if (event instanceof Event.ConsoleOutput c) {
            return String.format("port 0x%X: \"%s\"", c.port(), printable(c.text()));
        } else if (event instanceof Event.GuestHalted h) {
            return String.format("hlt at %s, %s", names.at(h.eip()),
                    h.waiting() ? "waiting for an interrupt" : "stopped (IF = 0)");
        } else if (event instanceof Event.RunEnded r) {
            String message = r.message() == null || r.message().isEmpty() ? "" : ": " + r.message();
            return String.format("run ended (%s), exit value %d, %,d instructions%s", r.reason().label(),
                    r.exitValue(), r.instructions(), message);
        }
        return ofVirtualization(event, names);
    }

    /** The events of the virtualization techniques: VT-x, paravirtualization, binary translation. */
    private static String ofVirtualization(Event event, dev.ringscope.replay.Narrator.Names names) {
        if (event instanceof Event.VmExit x) {
            return String.format("VM exit %d (%s), qualification 0x%X, guest at %s", x.reason(), x.reasonName(),
                    x.qualification(), names.at(x.guestEip()));
        } else if (event instanceof Event.VmEntry v) {
            return String.format("%s → guest at %s", v.launch() ? "vmlaunch" : "vmresume", names.at(v.guestEip()));
        } else if (event instanceof Event.Hypercall h) {
            return String.format("hypercall %d %s(0x%X, 0x%X, 0x%X) = 0x%X", h.number(), h.name(), h.arg1(), h.arg2(),
                    h.arg3(), h.result());
        } else if (event instanceof Event.EmulatedInstruction e) {
            return String.format("emulated %s at %s: %s", e.instruction(), names.at(e.eip()), e.effect());
        } else if (event instanceof Event.BlockTranslated b) {
            return String.format("translated %s (%d bytes, %d instructions) → cache %s (%d bytes)",
                    names.at(b.guestAddress()), b.guestLength(), b.instructions(), names.at(b.cacheAddress()),
                    b.cacheLength());
        } else if (event instanceof Event.TranslationInvalidated t) {
            return String.format("page %s: %d translated block%s dropped (%s)", names.at(t.guestPage()), t.blocks(),
                    t.blocks() == 1 ? "" : "s", t.reason());
        } else if (event instanceof Event.VirtualizationHole h) {
            return String.format("%s at %s did not trap: native %s, here %s", h.instruction(), names.at(h.eip()),
                    h.nativeBehaviour(), h.actualBehaviour());
        } else if (event instanceof Event.VmSwitch v) {
            return String.format("VMM switches %s → VM %d (%s): %s", v.fromVm() == 0 ? "start" : "VM " + v.fromVm(),
                    v.toVm(), v.reason(), v.state());
        }
        throw new IllegalArgumentException("no description for " + event);
    }

    private static String address(int linear) {
        return String.format("0x%08X", linear);
    }

    private static String ring(int ring) {
        return ring < 0 ? "−" + (-ring) : Integer.toString(ring);
    }

    private static String instructionText(Event.InstructionRetired i) {
        List<Disassembler.Line> lines = Disassembler.disassemble(i.bytes(), i.eip() & 0xFFFF_FFFFL);
        return lines.isEmpty() ? "(no bytes)" : lines.get(0).text();
    }

    /** Console text on one line: control characters shown as escapes. */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
