package dev.ringscope.asm;

import dev.ringscope.isa.Encoder;
import dev.ringscope.isa.EncodingException;
import dev.ringscope.isa.Instruction;
import dev.ringscope.isa.LockRule;
import dev.ringscope.isa.Mnemonic;
import dev.ringscope.isa.Operand;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the parsed lines: gives every label an address and every statement its bytes,
 * using the previous pass's values for symbols not defined yet. The assembler repeats passes until
 * no symbol moves — NASM's way of finding the shortest jumps and immediates.
 */
final class Layout implements SymbolResolver {

    static final int MAX_IMAGE = 64 * 1024 * 1024;

    private final Map<String, Value> previous;
    final Map<String, Value> symbols = new LinkedHashMap<>();
    private final Map<String, SourcePos> definedAt = new HashMap<>();
    private final java.util.Set<String> constants = new java.util.HashSet<>();
    final List<AsmError> errors = new ArrayList<>();
    final List<AsmWarning> warnings = new ArrayList<>();
    final List<Program.SourceMapEntry> sourceMap = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    long origin;
    private boolean originSet;
    private long here;

    Layout(Map<String, Value> previous, long origin) {
        this.previous = previous;
        this.origin = origin;
    }

    void run(List<ParsedLine> lines) {
        for (ParsedLine line : lines) {
            here = origin + out.size();
            if (line.label() != null && !(line.statement() instanceof Statement.Equ)) {
                define(line.label(), Value.address(here), line.labelPos());
            }
            long start = here;
            int before = out.size();
            if (line.statement() instanceof Statement.Equ equ) {
                Value v = evaluate(equ.value(), equ.pos());
                if (v != null && line.label() != null) {
                    defineConstant(line.label(), v, line.labelPos());
                }
                continue;
            }
            long count = 1;
            if (line.times() != null) {
                Value v = evaluate(line.times(), line.timesPos());
                count = v == null ? 0 : v.value();
                if (count < 0) {
                    error(line.timesPos(), "TIMES value " + count + " is negative");
                    count = 0;
                }
                if (count > MAX_IMAGE) {
                    error(line.timesPos(), "TIMES value " + count + " is too large (the image is limited to 64 MiB)");
                    count = 0;
                }
            }
            if (!repeat(line, count)) {
                return;
            }
            int length = out.size() - before;
            if (length > 0) {
                SourceLine src = line.source();
                sourceMap.add(new Program.SourceMapEntry(start, length, src.pos(), src.text(), src.expandedFrom()));
            }
        }
    }

    /**
     * The line's statement {@code count} times (TIMES), false once the image is over its limit. A copy with
     * an error, or with no bytes, ends the repetition: every further copy would be the same. The bytes of a
     * statement that does not depend on its position are laid out once and then copied, so that
     * {@code times 60000000 nop} takes a moment, not minutes.
     */
    private boolean repeat(ParsedLine line, long count) {
        for (long k = 0; k < count; k++) {
            here = origin + out.size();
            int errorsBefore = errors.size();
            int copyStart = out.size();
            emit(line, line.statement());
            int copyLength = out.size() - copyStart;
            long restLength = (count - k - 1) * copyLength;
            boolean copiable = restLength > 0 && sameEverywhere(line.statement());
            if (out.size() <= MAX_IMAGE && (errors.size() > errorsBefore || copyLength == 0)) {
                return true;
            }
            if (out.size() > MAX_IMAGE || copiable && restLength > MAX_IMAGE - out.size()) {
                error(line.source().pos(), "the image grew beyond 64 MiB");
                return false;
            }
            if (copiable) {
                byte[] copy = java.util.Arrays.copyOfRange(out.toByteArray(), copyStart, out.size());
                byte[] rest = new byte[(int) restLength];
                for (int at = 0; at < rest.length; at += copyLength) {
                    System.arraycopy(copy, 0, rest, at, copyLength);
                }
                out.writeBytes(rest);
                return true;
            }
        }
        return true;
    }

    /** Whether a statement's bytes are the same wherever it stands: it uses no {@code $} and is no relative branch. */
    private static boolean sameEverywhere(Statement stmt) {
        if (stmt instanceof Statement.Data data) {
            return data.items().stream().noneMatch(i -> i instanceof Statement.DataItem.Number n && n.value().usesHere());
        } else if (stmt instanceof Statement.Reserve r) {
            return !r.count().usesHere();
        } else if (stmt instanceof Statement.Code code) {
            // only a rel8/rel32 operand makes the encoder look at the instruction's address
            return dev.ringscope.isa.FormTable.forms(code.mnemonic()).stream().noneMatch(dev.ringscope.isa.Form::isBranch)
                    && code.operands().stream().noneMatch(Layout::usesHere);
        }
        return false; // align and org: what they do depends on where they are
    }

    private static boolean usesHere(OperandSyntax o) {
        if (o instanceof OperandSyntax.ImmediateOperand imm) {
            return imm.value().usesHere();
        } else if (o instanceof OperandSyntax.MemoryOperand m) {
            return m.address().usesHere();
        } else if (o instanceof OperandSyntax.FarOperand f) {
            return f.selector().usesHere() || f.offset().usesHere();
        }
        return false;
    }

    private void emit(ParsedLine line, Statement stmt) {
        if (stmt instanceof Statement.Code code) {
            emitCode(line, code);
        } else if (stmt instanceof Statement.Data data) {
            emitData(data);
        } else if (stmt instanceof Statement.Reserve r) {
            Value v = evaluate(r.count(), r.pos());
            if (v != null && v.value() >= 0 && v.value() <= MAX_IMAGE / r.unit()) {
                out.writeBytes(new byte[(int) (v.value() * r.unit())]);
                warn(r.pos(), "uninitialized space in a flat binary: zeroing");
            } else if (v != null) {
                error(r.pos(), "reserve count " + v.value() + " is out of range");
            }
        } else if (stmt instanceof Statement.Align a) {
            emitAlign(line, a);
        } else if (stmt instanceof Statement.Org org) {
            Value v = evaluate(org.address(), org.pos());
            if (out.size() > 0) {
                error(org.pos(), "org must come before any code or data");
            } else if (originSet && v != null && v.value() != origin) {
                error(org.pos(), "org may be given only once");
            } else if (v != null) {
                origin = v.value();
                originSet = true;
            }
        }
    }

    private void emitCode(ParsedLine line, Statement.Code code) {
        List<Operand> ops = new ArrayList<>();
        boolean branch = dev.ringscope.isa.Syntax.isBranch(code.mnemonic());
        for (OperandSyntax o : code.operands()) {
            Operand op = operand(o, branch, code);
            if (op == null) {
                return;
            }
            ops.add(op);
        }
        boolean a16 = code.a16() || code.operands().stream()
                .anyMatch(o -> o instanceof OperandSyntax.MemoryOperand m && m.wordAddress());
        Instruction insn = new Instruction(code.mnemonic(), ops, code.prefix(), a16);
        try {
            Encoder.Encoding encoding = Encoder.encode(insn, here);
            if (insn.prefix() == Instruction.Prefix.LOCK && !LockRule.allows(encoding.form(), insn)) {
                // NASM 2.16 assembles it with "warning: instruction is not lockable"; the CPU raises #UD
                warn(line.source().pos(), "instruction is not lockable: the CPU raises #UD ("
                        + LockRule.problem(insn) + ")");
            }
            out.writeBytes(encoding.bytes());
        } catch (EncodingException e) {
            SourcePos pos = code.operands().isEmpty() ? line.source().pos() : code.operands().get(0).pos();
            error(pos, e.getMessage());
        }
    }

    private Operand operand(OperandSyntax o, boolean branch, Statement.Code code) {
        if (o instanceof OperandSyntax.RegisterOperand r) {
            return new Operand.Reg(r.register());
        }
        if (o instanceof OperandSyntax.ImmediateOperand imm) {
            {
                Evaluation ev = Evaluator.evaluate(imm.value(), this);
                Value v;
                if (ev instanceof Evaluation.Unknown u) {
                    noteUnknown(u.symbol(), imm.pos());
                    // optimistic guess for a forward reference: it is near, so short forms are tried first
                    v = Value.address(branch ? here : 0);
                } else {
                    v = value(ev, imm.pos());
                    if (v == null) {
                        return null;
                    }
                }
                int size = imm.size();
                if (branch && size == 0 && !v.relocatable() && hasNearForm(code.mnemonic())) {
                    size = 4; // NASM jumps short only to labels in the section, never to a plain number
                }
                return new Operand.Imm(v.value(), size, imm.strict());
            }
        }
        if (o instanceof OperandSyntax.MemoryOperand m) {
            {
                EffectiveAddress.Result ea = EffectiveAddress.resolve(m.address(), this);
                long disp = ea.displacement();
                if (ea.problem() instanceof Evaluation.Unknown u) {
                    noteUnknown(u.symbol(), m.pos());
                    ea = EffectiveAddress.resolve(m.address(), guessing());
                    disp = 0;
                }
                if (!ea.ok()) {
                    value(ea.problem(), m.pos());
                    return null;
                }
                return new Operand.Mem(m.size(), m.segment(), ea.base(), ea.index(), ea.scale(), (int) disp, m.far());
            }
        }
        OperandSyntax.FarOperand f = (OperandSyntax.FarOperand) o;
        Value sel = evaluate(f.selector(), f.pos());
        Value off = evaluate(f.offset(), f.pos());
        return new Operand.Far(sel == null ? 0 : (int) sel.value(), off == null ? 0 : (int) off.value());
    }

    /** A resolver that answers 0 for unknown names, to find the registers of an address with a forward reference. */
    private SymbolResolver guessing() {
        Layout self = this;
        return new SymbolResolver() {
            @Override
            public Value resolve(String name) {
                Value v = self.resolve(name);
                return v != null ? v : Value.address(0);
            }

            @Override
            public long here() {
                return self.here();
            }

            @Override
            public long sectionStart() {
                return self.sectionStart();
            }
        };
    }

    private void emitData(Statement.Data data) {
        for (Statement.DataItem item : data.items()) {
            if (item instanceof Statement.DataItem.Bytes b) {
                out.writeBytes(b.bytes());
            } else if (item instanceof Statement.DataItem.Number n) {
                Value v = evaluate(n.value(), n.pos());
                long x = v == null ? 0 : v.value();
                for (int i = 0; i < data.unit(); i++) {
                    out.write((int) (x >>> (8 * i)));
                }
            }
        }
    }

    private void emitAlign(ParsedLine line, Statement.Align a) {
        Value v = evaluate(a.boundary(), a.pos());
        if (v == null) {
            return;
        }
        long n = v.value();
        if (n <= 0 || (n & (n - 1)) != 0) {
            error(a.pos(), "align needs a power of two, not " + n);
            return;
        }
        long pad = (n - (here - origin) % n) % n;
        if (pad > MAX_IMAGE - out.size()) {
            error(a.pos(), "align " + n + " would grow the image beyond 64 MiB");
            return;
        }
        if (a.fill() == null) {
            byte[] nops = new byte[(int) pad];
            java.util.Arrays.fill(nops, (byte) 0x90);
            out.writeBytes(nops);
            return;
        }
        for (long k = 0; k < pad; k++) {
            here = origin + out.size();
            int before = out.size();
            emit(line, a.fill());
            if (out.size() - before != 1) {
                error(a.pos(), "align's fill must be exactly one byte");
                return;
            }
        }
    }

    private Value evaluate(Expr e, SourcePos pos) {
        Evaluation ev = Evaluator.evaluate(e, this);
        if (ev instanceof Evaluation.Unknown u) {
            noteUnknown(u.symbol(), pos);
            return null;
        }
        return value(ev, pos);
    }

    private Value value(Evaluation ev, SourcePos pos) {
        if (ev instanceof Evaluation.Failed f) {
            error(pos, f.message());
            return null;
        }
        if (ev instanceof Evaluation.Unknown u) {
            noteUnknown(u.symbol(), pos);
            return null;
        }
        return ev.value();
    }

    private void noteUnknown(String symbol, SourcePos pos) {
        error(pos, "symbol '" + symbol + "' is not defined");
    }

    /** NASM lets an equ be repeated with the same value (a header included by two files). */
    private void defineConstant(String name, Value v, SourcePos pos) {
        if (constants.contains(name) && v.equals(symbols.get(name))) {
            return;
        }
        if (constants.contains(name)) {
            error(pos, "'" + name + "' is already defined at " + definedAt.get(name) + " with another value");
            return;
        }
        constants.add(name);
        define(name, v, pos);
    }

    private void define(String name, Value v, SourcePos pos) {
        SourcePos first = definedAt.putIfAbsent(name, pos);
        if (first != null) {
            error(pos, "label '" + name + "' is already defined at " + first);
            return;
        }
        symbols.put(name, v);
    }

    /** Only as many as the report keeps: a line repeated millions of times warns millions of times. */
    private void warn(SourcePos pos, String message) {
        if (warnings.size() < Diagnostics.MAX_WARNINGS) {
            warnings.add(new AsmWarning(pos, message));
        }
    }

    private void error(SourcePos pos, String message) {
        errors.add(new AsmError(pos, message));
    }

    /** loop and jecxz have only a short form, so NASM takes a plain number for them too. */
    private static boolean hasNearForm(Mnemonic m) {
        return m != Mnemonic.LOOP && m != Mnemonic.LOOPE && m != Mnemonic.LOOPNE && m != Mnemonic.JECXZ;
    }

    @Override
    public Value resolve(String name) {
        Value v = symbols.get(name);
        return v != null ? v : previous.get(name);
    }

    @Override
    public long here() {
        return here;
    }

    @Override
    public long sectionStart() {
        return origin;
    }
}
