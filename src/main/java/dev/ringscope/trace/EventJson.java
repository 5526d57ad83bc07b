package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ringscope.trace.Event.BlockTranslated;
import dev.ringscope.trace.Event.ConsoleOutput;
import dev.ringscope.trace.Event.EmulatedInstruction;
import dev.ringscope.trace.Event.ExceptionRaised;
import dev.ringscope.trace.Event.GuestHalted;
import dev.ringscope.trace.Event.Hypercall;
import dev.ringscope.trace.Event.InstructionRetired;
import dev.ringscope.trace.Event.InterruptDelivered;
import dev.ringscope.trace.Event.IoAccess;
import dev.ringscope.trace.Event.MemoryAccess;
import dev.ringscope.trace.Event.RegisterWrite;
import dev.ringscope.trace.Event.RingTransition;
import dev.ringscope.trace.Event.RunEnded;
import dev.ringscope.trace.Event.SystemCall;
import dev.ringscope.trace.Event.TranslationInvalidated;
import dev.ringscope.trace.Event.VirtualizationHole;
import dev.ringscope.trace.Event.VmEntry;
import dev.ringscope.trace.Event.VmExit;
import dev.ringscope.trace.Event.VmSwitch;
import dev.ringscope.trace.LineFields.LineProblem;
import java.io.IOException;
import java.util.HexFormat;

/**
 * One event as one JSON object: {@code "type"} (the kind's {@link EventKind#jsonName()}), {@code "seq"},
 * {@code "cycle"}, then the record's fields by name in record order. {@code byte[]} is a hex string,
 * enums are their names. Addresses, ports and the values of registers, memory and I/O are written as
 * unsigned 32-bit numbers, as the hardware shows them; other numbers (vectors, error codes, counts,
 * call numbers and arguments) are signed. The reader takes either form for any 32-bit field.
 * Writing and reading of each kind sit side by side here so they cannot drift apart.
 */
final class EventJson {

    /** Longest line the reader takes; longer lines are skipped unread. */
    static final int MAX_LINE_BYTES = 64 << 20;

    /** Plain streaming factory: no object mapping, no type information, limits on hostile input. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonFactory.Feature.INTERN_FIELD_NAMES) // the default; LineFields relies on it
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(MAX_LINE_BYTES)
                    .build())
            .build();

    private static final HexFormat HEX = HexFormat.of();

    private EventJson() {
    }

    /** Writes one event; checks it first, so a bad event leaves nothing half-written. */
    static void write(JsonGenerator g, Event e) throws IOException {
        EventLayout.check(e);
        g.writeStartObject();
        g.writeStringField("type", EventKind.of(e).jsonName());
        g.writeNumberField("seq", e.seq());
        g.writeNumberField("cycle", e.cycle());
        if (e instanceof InstructionRetired i) {
            unsigned(g, "eip", i.eip());
            g.writeNumberField("cpl", i.cpl());
            g.writeStringField("bytes", HEX.formatHex(i.bytes()));
        } else if (e instanceof RegisterWrite r) {
            g.writeStringField("register", r.register().name());
            unsigned(g, "value", r.value());
        } else if (e instanceof MemoryAccess m) {
            unsigned(g, "linear", m.linear());
            unsigned(g, "physical", m.physical());
            g.writeNumberField("size", m.size());
            unsigned(g, "value", m.value());
            g.writeBooleanField("write", m.write());
        } else if (e instanceof RingTransition r) {
            g.writeNumberField("fromRing", r.fromRing());
            g.writeNumberField("toRing", r.toRing());
            g.writeStringField("from", r.from().name());
            g.writeStringField("to", r.to().name());
            g.writeStringField("cause", r.cause().name());
            g.writeNumberField("vector", r.vector());
            g.writeStringField("label", r.label());
        } else if (e instanceof ExceptionRaised x) {
            g.writeNumberField("vector", x.vector());
            g.writeStringField("mnemonic", x.mnemonic());
            g.writeNumberField("errorCode", x.errorCode());
            unsigned(g, "eip", x.eip());
            g.writeStringField("reason", x.reason());
        } else if (e instanceof InterruptDelivered i) {
            g.writeNumberField("irq", i.irq());
            g.writeNumberField("vector", i.vector());
            unsigned(g, "eip", i.eip());
        } else if (e instanceof SystemCall s) {
            g.writeStringField("via", s.via());
            g.writeNumberField("number", s.number());
            unsigned(g, "eip", s.eip());
        } else if (e instanceof IoAccess io) {
            unsigned(g, "port", io.port());
            g.writeNumberField("size", io.size());
            unsigned(g, "value", io.value());
            g.writeBooleanField("write", io.write());
            g.writeStringField("device", io.device());
        } else if (e instanceof VmExit x) {
            g.writeNumberField("reason", x.reason());
            g.writeStringField("reasonName", x.reasonName());
            g.writeNumberField("qualification", x.qualification());
            unsigned(g, "guestEip", x.guestEip());
        } else if (e instanceof VmEntry v) {
            g.writeBooleanField("launch", v.launch());
            unsigned(g, "guestEip", v.guestEip());
        } else if (e instanceof Hypercall h) {
            g.writeNumberField("number", h.number());
            g.writeStringField("name", h.name());
            g.writeNumberField("arg1", h.arg1());
            g.writeNumberField("arg2", h.arg2());
            g.writeNumberField("arg3", h.arg3());
            g.writeNumberField("result", h.result());
        } else if (e instanceof EmulatedInstruction x) {
            unsigned(g, "eip", x.eip());
            g.writeStringField("instruction", x.instruction());
            g.writeStringField("effect", x.effect());
        } else if (e instanceof BlockTranslated b) {
            unsigned(g, "guestAddress", b.guestAddress());
            g.writeNumberField("guestLength", b.guestLength());
            g.writeNumberField("instructions", b.instructions());
            unsigned(g, "cacheAddress", b.cacheAddress());
            g.writeNumberField("cacheLength", b.cacheLength());
        } else if (e instanceof TranslationInvalidated t) {
            unsigned(g, "guestPage", t.guestPage());
            g.writeNumberField("blocks", t.blocks());
            g.writeStringField("reason", t.reason());
        } else if (e instanceof VirtualizationHole h) {
            unsigned(g, "eip", h.eip());
            g.writeStringField("instruction", h.instruction());
            g.writeStringField("nativeBehaviour", h.nativeBehaviour());
            g.writeStringField("actualBehaviour", h.actualBehaviour());
        } else if (e instanceof ConsoleOutput c) {
            unsigned(g, "port", c.port());
            g.writeStringField("text", c.text());
        } else if (e instanceof GuestHalted h) {
            unsigned(g, "eip", h.eip());
            g.writeBooleanField("waiting", h.waiting());
        } else if (e instanceof RunEnded r) {
            g.writeStringField("reason", r.reason().name());
            g.writeNumberField("exitValue", r.exitValue());
            g.writeNumberField("instructions", r.instructions());
            g.writeStringField("message", r.message());
        } else if (e instanceof VmSwitch v) {
            g.writeNumberField("fromVm", v.fromVm());
            g.writeNumberField("toVm", v.toVm());
            g.writeStringField("reason", v.reason());
            g.writeStringField("state", v.state());
        }
        g.writeEndObject();
    }

    /**
     * The event a line's fields describe, numbered {@code seq} (the reader's position, not the file's).
     * Only values the machine can produce are accepted ({@link #checkValues}): the views draw and loop
     * over what they read, so a ring of -2147483648 must never reach them.
     */
    static Event read(LineFields f, EventKind kind, long seq) throws LineProblem {
        Event e = parse(f, kind, seq);
        checkValues(e);
        return e;
    }

    /** Rejects a value no run of the machine produces, naming the field and what is allowed. */
    static void checkValues(Event e) throws LineProblem {
        if (e.cycle() < 0) {
            throw outOf("cycle", e.cycle(), "a cycle count is not negative");
        }
        if (e instanceof InstructionRetired i) {
            within("cpl", i.cpl(), 0, 3, "the CPL is 0 to 3");
            if (i.bytes().length == 0) {
                throw new LineProblem("field 'bytes' is empty; an instruction has 1 to 15 bytes");
            }
        } else if (e instanceof RingTransition r) {
            within("fromRing", r.fromRing(), RingOccupancy.LOWEST_RING, RingOccupancy.HIGHEST_RING, "rings are -1 to 3");
            within("toRing", r.toRing(), RingOccupancy.LOWEST_RING, RingOccupancy.HIGHEST_RING, "rings are -1 to 3");
            // the one crossing within a ring: between two host parties, as root ring 0 to root ring 3 (both −1 here)
            boolean hostHop = r.from() != r.to() && r.from().hostSide() && r.to().hostSide();
            if (r.fromRing() == r.toRing() && !hostHop) {
                throw new LineProblem("fields 'fromRing' and 'toRing' are both " + r.toRing() + "; a transition changes ring");
            }
            within("vector", r.vector(), -1, 0xFFFF, "a vector 0 to 255, an exit reason, or -1");
        } else if (e instanceof ExceptionRaised x) {
            within("vector", x.vector(), 0, 31, "exception vectors are 0 to 31");
        } else if (e instanceof InterruptDelivered i) {
            within("irq", i.irq(), 0, 15, "the PICs have IRQs 0 to 15");
            within("vector", i.vector(), 0, 255, "vectors are 0 to 255");
        } else if (e instanceof SystemCall c) {
            if (c.via() == null || !c.via().matches("int 0x[0-9a-fA-F]{1,2}|sysenter")) {
                throw new LineProblem("field 'via' is '" + LineFields.shorten(String.valueOf(c.via()))
                        + "'; a system call comes through 'int 0xNN' or 'sysenter'");
            }
        } else if (e instanceof MemoryAccess m) {
            accessSize(m.size());
        } else if (e instanceof IoAccess io) {
            within("port", io.port(), 0, 0xFFFF, "I/O ports are 0 to 0xFFFF");
            accessSize(io.size());
        } else if (e instanceof VmExit x) {
            within("reason", x.reason(), 0, 0xFFFF, "a basic exit reason is 16 bits (SDM Vol. 3C §25.9.1)");
        } else if (e instanceof BlockTranslated b) {
            within("guestLength", b.guestLength(), 1, 1 << 16, "a block has at least one byte");
            within("instructions", b.instructions(), 1, 1 << 16, "a block has at least one instruction");
            within("cacheLength", b.cacheLength(), 0, 1 << 20, "a translation's length is not negative");
        } else if (e instanceof TranslationInvalidated t) {
            within("blocks", t.blocks(), 0, Integer.MAX_VALUE, "a count is not negative");
        } else if (e instanceof RunEnded r) {
            if (r.instructions() < 0) {
                throw outOf("instructions", r.instructions(), "a count is not negative");
            }
        } else if (e instanceof VmSwitch v) {
            within("fromVm", v.fromVm(), 0, Integer.MAX_VALUE, "guests are numbered from 1 (0: none)");
            within("toVm", v.toVm(), 0, Integer.MAX_VALUE, "guests are numbered from 1 (0: none)");
        }
    }

    private static void accessSize(int size) throws LineProblem {
        if (size != 1 && size != 2 && size != 4) {
            throw outOf("size", size, "an access is 1, 2 or 4 bytes");
        }
    }

    private static void within(String field, long value, long low, long high, String rule) throws LineProblem {
        if (value < low || value > high) {
            throw outOf(field, value, rule);
        }
    }

    private static LineProblem outOf(String field, long value, String rule) {
        return new LineProblem("field '" + field + "' is " + value + "; " + rule);
    }

    private static Event parse(LineFields f, EventKind kind, long seq) throws LineProblem {
        long cycle = f.int64("cycle");
        switch (kind) {
            case INSTRUCTION_RETIRED: {
                int eip = f.int32("eip");
                int cpl = f.int32("cpl");
                byte[] bytes = f.hex("bytes");
                try {
                    EventLayout.checkInstruction(cpl, bytes.length);
                } catch (IllegalArgumentException e) {
                    throw new LineProblem(e.getMessage());
                }
                return new InstructionRetired(seq, cycle, eip, cpl, bytes);
            }
            case REGISTER_WRITE:
                return new RegisterWrite(seq, cycle, f.enumValue("register", ArchRegister.class), f.int32("value"));
            case MEMORY_ACCESS:
                return new MemoryAccess(seq, cycle, f.int32("linear"), f.int32("physical"), size(f), f.int32("value"),
                        f.bool("write"));
            case RING_TRANSITION:
                return new RingTransition(seq, cycle, f.int32("fromRing"), f.int32("toRing"),
                        f.enumValue("from", Party.class), f.enumValue("to", Party.class),
                        f.enumValue("cause", Cause.class), f.int32("vector"), f.string("label"));
            case EXCEPTION_RAISED:
                return new ExceptionRaised(seq, cycle, f.int32("vector"), f.string("mnemonic"), f.int32("errorCode"),
                        f.int32("eip"), f.string("reason"));
            case INTERRUPT_DELIVERED:
                return new InterruptDelivered(seq, cycle, f.int32("irq"), f.int32("vector"), f.int32("eip"));
            case SYSTEM_CALL:
                return new SystemCall(seq, cycle, f.string("via"), f.int32("number"), f.int32("eip"));
            case IO_ACCESS:
                return new IoAccess(seq, cycle, f.int32("port"), size(f), f.int32("value"), f.bool("write"),
                        f.string("device"));
            case VM_EXIT:
                return new VmExit(seq, cycle, f.int32("reason"), f.string("reasonName"), f.int64("qualification"),
                        f.int32("guestEip"));
            case VM_ENTRY:
                return new VmEntry(seq, cycle, f.bool("launch"), f.int32("guestEip"));
            case HYPERCALL:
                return new Hypercall(seq, cycle, f.int32("number"), f.string("name"), f.int32("arg1"),
                        f.int32("arg2"), f.int32("arg3"), f.int32("result"));
            case EMULATED_INSTRUCTION:
                return new EmulatedInstruction(seq, cycle, f.int32("eip"), f.string("instruction"),
                        f.string("effect"));
            case BLOCK_TRANSLATED:
                return new BlockTranslated(seq, cycle, f.int32("guestAddress"), f.int32("guestLength"),
                        f.int32("instructions"), f.int32("cacheAddress"), f.int32("cacheLength"));
            case TRANSLATION_INVALIDATED:
                return new TranslationInvalidated(seq, cycle, f.int32("guestPage"), f.int32("blocks"),
                        f.string("reason"));
            case VIRTUALIZATION_HOLE:
                return new VirtualizationHole(seq, cycle, f.int32("eip"), f.string("instruction"),
                        f.string("nativeBehaviour"), f.string("actualBehaviour"));
            case CONSOLE_OUTPUT:
                return new ConsoleOutput(seq, cycle, f.int32("port"), f.string("text"));
            case GUEST_HALTED:
                return new GuestHalted(seq, cycle, f.int32("eip"), f.bool("waiting"));
            case RUN_ENDED:
                return new RunEnded(seq, cycle, f.enumValue("reason", StopReason.class), f.int32("exitValue"),
                        f.int64("instructions"), f.string("message"));
            case VM_SWITCH:
                return new VmSwitch(seq, cycle, f.int32("fromVm"), f.int32("toVm"), f.string("reason"),
                        f.string("state"));
            default:
                throw new AssertionError(kind);
        }
    }

    private static int size(LineFields f) throws LineProblem {
        int size = f.int32("size");
        try {
            EventLayout.checkSize(size);
        } catch (IllegalArgumentException e) {
            throw new LineProblem(e.getMessage());
        }
        return size;
    }

    private static void unsigned(JsonGenerator g, String field, int value) throws IOException {
        g.writeFieldName(field);
        if (value >= 0) {
            g.writeNumber(value);
        } else {
            g.writeNumber(Integer.toUnsignedLong(value));
        }
    }
}
