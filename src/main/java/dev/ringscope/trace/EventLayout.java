package dev.ringscope.trace;

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

/**
 * How each kind of event lies in a {@link Trace}'s int payload (seq, kind and cycle live in their
 * own columns). Strings are ids in the trace's {@link StringTable}; enums are ordinals; a long takes
 * two ints; small values share an int with a flag. No kind uses more than {@link #MAX_INTS} ints.
 *
 * <pre>
 * instructionRetired  eip, cpl&lt;&lt;4|length, the bytes four to an int (little-endian)
 * registerWrite       register, value
 * memoryAccess        linear, physical, value, size&lt;&lt;1|write
 * ringTransition      fromRing, toRing, from|to&lt;&lt;8|cause&lt;&lt;16, vector, label
 * ioAccess            port, value, size&lt;&lt;1|write, device
 * …                   the others: their fields in record order
 * </pre>
 *
 * <p>This layout is also how a {@code .rstrace} file stores every kind but instructions and register
 * writes (docs/trace-format.md, "Records"): changing it changes that file format, so it needs a new
 * format version and a reader for the old one (CompactTraceTest reads a kept file of version 1).
 */
final class EventLayout {

    static final int MAX_INTS = 6;
    /** SDM Vol. 2A §2.3.11: an instruction is at most 15 bytes long. */
    static final int MAX_INSTRUCTION_LENGTH = 15;

    private static final Party[] PARTIES = Party.values();
    private static final Cause[] CAUSES = Cause.values();
    private static final StopReason[] STOP_REASONS = StopReason.values();

    private EventLayout() {
    }

    /**
     * How many ints a kind takes; for an instruction, the least (its bytes add up to four more).
     * Every kind's count is fixed but the instruction's.
     */
    static int width(EventKind kind) {
        return WIDTHS[kind.ordinal()];
    }

    private static final int[] WIDTHS = new int[EventKind.count()];

    static {
        int[] widths = {2, 2, 4, 5, 5, 3, 3, 4, 5, 2, 6, 3, 5, 3, 4, 2, 2, 5, 4}; // in EventKind order
        System.arraycopy(widths, 0, WIDTHS, 0, widths.length);
    }

    /** The rules a stored event must keep; the trace file reader applies them too. */
    static void checkInstruction(int cpl, int length) {
        if (length > MAX_INSTRUCTION_LENGTH) {
            throw new IllegalArgumentException("an instruction is at most 15 bytes, not " + length);
        }
        checkFits(cpl, 28, "cpl");
    }

    /** Throws IllegalArgumentException if the event cannot be stored or written. */
    static void check(Event e) {
        if (e instanceof InstructionRetired i) {
            if (i.bytes() == null) {
                throw new IllegalArgumentException("bytes is null");
            }
            checkInstruction(i.cpl(), i.bytes().length);
        } else if (e instanceof RegisterWrite r) {
            ordinal(r.register(), "register");
        } else if (e instanceof MemoryAccess m) {
            checkSize(m.size());
        } else if (e instanceof IoAccess io) {
            checkSize(io.size());
        } else if (e instanceof RingTransition r) {
            ordinal(r.from(), "from");
            ordinal(r.to(), "to");
            ordinal(r.cause(), "cause");
        } else if (e instanceof RunEnded r) {
            ordinal(r.reason(), "reason");
        } else if (e instanceof VmSwitch v) {
            checkVm(v.fromVm(), "fromVm");
            checkVm(v.toVm(), "toVm");
        }
    }

    /** A guest's number: 1 and up, or 0 for none (the VMM before its first guest). */
    static void checkVm(int vm, String field) {
        if (vm < 0) {
            throw new IllegalArgumentException(field + " " + vm + " is out of range");
        }
    }

    static void checkSize(int size) {
        checkFits(size, 31, "size");
    }

    static int encodeInstruction(int[] p, int at, int eip, int cpl, byte[] code, int offset, int length) {
        checkInstruction(cpl, length);
        p[at] = eip;
        p[at + 1] = cpl << 4 | length;
        int words = (length + 3) >>> 2;
        for (int w = 0; w < words; w++) {
            int word = 0;
            int end = Math.min(length, w * 4 + 4);
            for (int k = w * 4; k < end; k++) {
                word |= (code[offset + k] & 0xFF) << ((k & 3) * 8);
            }
            p[at + 2 + w] = word;
        }
        return 2 + words;
    }

    static int encodeRegisterWrite(int[] p, int at, ArchRegister register, int value) {
        p[at] = ordinal(register, "register");
        p[at + 1] = value;
        return 2;
    }

    static int encodeMemoryAccess(int[] p, int at, int linear, int physical, int size, int value, boolean write) {
        p[at] = linear;
        p[at + 1] = physical;
        p[at + 2] = value;
        p[at + 3] = sizeAndFlag(size, write);
        return 4;
    }

    /** Writes any event but the three above (which have allocation-free entry points). */
    static int encodeOther(Event e, int[] p, int at, StringTable strings) {
        if (e instanceof RingTransition r) {
            p[at] = r.fromRing();
            p[at + 1] = r.toRing();
            p[at + 2] = ordinal(r.from(), "from") | ordinal(r.to(), "to") << 8 | ordinal(r.cause(), "cause") << 16;
            p[at + 3] = r.vector();
            p[at + 4] = strings.intern(r.label());
            return 5;
        } else if (e instanceof ExceptionRaised x) {
            return put(p, at, x.vector(), strings.intern(x.mnemonic()), x.errorCode(), x.eip(),
                    strings.intern(x.reason()));
        } else if (e instanceof InterruptDelivered i) {
            return put(p, at, i.irq(), i.vector(), i.eip());
        } else if (e instanceof SystemCall s) {
            return put(p, at, strings.intern(s.via()), s.number(), s.eip());
        } else if (e instanceof IoAccess io) {
            return put(p, at, io.port(), io.value(), sizeAndFlag(io.size(), io.write()), strings.intern(io.device()));
        } else if (e instanceof VmExit x) {
            return put(p, at, x.reason(), strings.intern(x.reasonName()), (int) x.qualification(),
                    (int) (x.qualification() >>> 32), x.guestEip());
        } else if (e instanceof VmEntry v) {
            return put(p, at, v.launch() ? 1 : 0, v.guestEip());
        } else if (e instanceof Hypercall h) {
            return put(p, at, h.number(), strings.intern(h.name()), h.arg1(), h.arg2(), h.arg3(), h.result());
        } else if (e instanceof EmulatedInstruction x) {
            return put(p, at, x.eip(), strings.intern(x.instruction()), strings.intern(x.effect()));
        } else if (e instanceof BlockTranslated b) {
            return put(p, at, b.guestAddress(), b.guestLength(), b.instructions(), b.cacheAddress(), b.cacheLength());
        } else if (e instanceof TranslationInvalidated t) {
            return put(p, at, t.guestPage(), t.blocks(), strings.intern(t.reason()));
        } else if (e instanceof VirtualizationHole h) {
            return put(p, at, h.eip(), strings.intern(h.instruction()), strings.intern(h.nativeBehaviour()),
                    strings.intern(h.actualBehaviour()));
        } else if (e instanceof ConsoleOutput c) {
            return put(p, at, c.port(), strings.intern(c.text()));
        } else if (e instanceof GuestHalted g) {
            return put(p, at, g.eip(), g.waiting() ? 1 : 0);
        } else if (e instanceof RunEnded r) {
            return put(p, at, ordinal(r.reason(), "reason"), r.exitValue(), (int) r.instructions(),
                    (int) (r.instructions() >>> 32), strings.intern(r.message()));
        } else if (e instanceof VmSwitch v) {
            return put(p, at, v.fromVm(), v.toVm(), strings.intern(v.reason()), strings.intern(v.state()));
        }
        throw new IllegalArgumentException("not an event kind a trace stores: " + e.getClass().getName());
    }

    static Event decode(EventKind kind, long seq, long cycle, int[] p, int at, StringTable s) {
        switch (kind) {
            case INSTRUCTION_RETIRED: {
                int length = p[at + 1] & 0xF;
                byte[] bytes = new byte[length];
                for (int k = 0; k < length; k++) {
                    bytes[k] = (byte) (p[at + 2 + (k >>> 2)] >>> ((k & 3) * 8));
                }
                return new InstructionRetired(seq, cycle, p[at], p[at + 1] >> 4, bytes);
            }
            case REGISTER_WRITE:
                return new RegisterWrite(seq, cycle, ArchRegister.of(p[at]), p[at + 1]);
            case MEMORY_ACCESS:
                return new MemoryAccess(seq, cycle, p[at], p[at + 1], p[at + 3] >> 1, p[at + 2], (p[at + 3] & 1) != 0);
            case RING_TRANSITION: {
                int parties = p[at + 2];
                return new RingTransition(seq, cycle, p[at], p[at + 1], PARTIES[parties & 0xFF],
                        PARTIES[(parties >>> 8) & 0xFF], CAUSES[parties >>> 16], p[at + 3],
                        s.get(p[at + 4]));
            }
            case EXCEPTION_RAISED:
                return new ExceptionRaised(seq, cycle, p[at], s.get(p[at + 1]), p[at + 2], p[at + 3], s.get(p[at + 4]));
            case INTERRUPT_DELIVERED:
                return new InterruptDelivered(seq, cycle, p[at], p[at + 1], p[at + 2]);
            case SYSTEM_CALL:
                return new SystemCall(seq, cycle, s.get(p[at]), p[at + 1], p[at + 2]);
            case IO_ACCESS:
                return new IoAccess(seq, cycle, p[at], p[at + 2] >> 1, p[at + 1], (p[at + 2] & 1) != 0, s.get(p[at + 3]));
            case VM_EXIT:
                return new VmExit(seq, cycle, p[at], s.get(p[at + 1]), joinLong(p[at + 2], p[at + 3]), p[at + 4]);
            case VM_ENTRY:
                return new VmEntry(seq, cycle, p[at] != 0, p[at + 1]);
            case HYPERCALL:
                return new Hypercall(seq, cycle, p[at], s.get(p[at + 1]), p[at + 2], p[at + 3], p[at + 4], p[at + 5]);
            case EMULATED_INSTRUCTION:
                return new EmulatedInstruction(seq, cycle, p[at], s.get(p[at + 1]), s.get(p[at + 2]));
            case BLOCK_TRANSLATED:
                return new BlockTranslated(seq, cycle, p[at], p[at + 1], p[at + 2], p[at + 3], p[at + 4]);
            case TRANSLATION_INVALIDATED:
                return new TranslationInvalidated(seq, cycle, p[at], p[at + 1], s.get(p[at + 2]));
            case VIRTUALIZATION_HOLE:
                return new VirtualizationHole(seq, cycle, p[at], s.get(p[at + 1]), s.get(p[at + 2]), s.get(p[at + 3]));
            case CONSOLE_OUTPUT:
                return new ConsoleOutput(seq, cycle, p[at], s.get(p[at + 1]));
            case GUEST_HALTED:
                return new GuestHalted(seq, cycle, p[at], p[at + 1] != 0);
            case RUN_ENDED:
                return new RunEnded(seq, cycle, STOP_REASONS[p[at]], p[at + 1], joinLong(p[at + 2], p[at + 3]),
                        s.get(p[at + 4]));
            case VM_SWITCH:
                return new VmSwitch(seq, cycle, p[at], p[at + 1], s.get(p[at + 2]), s.get(p[at + 3]));
            default:
                throw new AssertionError(kind);
        }
    }

    private static int put(int[] p, int at, int... values) {
        System.arraycopy(values, 0, p, at, values.length);
        return values.length;
    }

    private static int ordinal(Enum<?> value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        return value.ordinal();
    }

    private static int sizeAndFlag(int size, boolean flag) {
        checkSize(size);
        return size << 1 | (flag ? 1 : 0);
    }

    /** {@code value} as a signed number of {@code bits} bits, or an exception naming the field. */
    private static void checkFits(int value, int bits, String field) {
        if (value << (32 - bits) >> (32 - bits) != value) {
            throw new IllegalArgumentException(field + " " + value + " is out of range");
        }
    }

    private static long joinLong(int low, int high) {
        return (low & 0xFFFF_FFFFL) | (long) high << 32;
    }
}
