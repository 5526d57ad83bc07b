package dev.ringscope.isa;

/**
 * One operand of an instruction, as written in Intel syntax.
 * Sizes are in bytes; 0 means "not stated", to be inferred from the other operands.
 */
public sealed interface Operand {

    /** A register: {@code eax}, {@code ds}, {@code cr3}. */
    record Reg(Register register) implements Operand {
        @Override
        public String toString() { return register.lowerName(); }
    }

    /**
     * An immediate value. For branches it holds the absolute target address.
     *
     * @param size   0 unless a size keyword was written ({@code byte}, {@code word}, {@code dword};
     *               for branches 1 means {@code short} and 4 {@code near})
     * @param strict whether NASM's {@code strict} keyword forbids choosing a shorter form
     */
    record Imm(long value, int size, boolean strict) implements Operand {
        public Imm(long value) { this(value, 0, false); }

        @Override
        public String toString() { return Syntax.hex(value); }
    }

    /**
     * A memory reference {@code size [segment:base + index*scale + displacement]}.
     * {@code base}, {@code index} and {@code segment} may be null; {@code scale} is 1, 2, 4 or 8.
     * {@code far} marks the {@code far [m]} form of jmp and call (a 6-byte pointer).
     */
    record Mem(int size, Register segment, Register base, Register index, int scale, int displacement, boolean far)
            implements Operand {
        public Mem {
            if (scale != 1 && scale != 2 && scale != 4 && scale != 8) {
                throw new IllegalArgumentException("scale must be 1, 2, 4 or 8: " + scale);
            }
        }

        public static Mem absolute(int size, int address) {
            return new Mem(size, null, null, null, 1, address, false);
        }

        public static Mem based(int size, Register base, int displacement) {
            return new Mem(size, null, base, null, 1, displacement, false);
        }

        public Mem withSize(int newSize) {
            return new Mem(newSize, segment, base, index, scale, displacement, far);
        }

        /** A 16-bit base or index register: {@code [bx+si]}, {@code [bp+4]} (SDM Vol. 2A Table 2-1). */
        public boolean isSixteenBit() {
            return base != null && base.size() == 2 || index != null && index.size() == 2;
        }

        /** No base and no index: a plain address, as in {@code [0x1234]}. */
        public boolean isAbsolute() { return base == null && index == null; }

        @Override
        public String toString() { return Syntax.memory(this, true); }
    }

    /** A far pointer {@code selector:offset}, as in {@code jmp 0x08:start}. */
    record Far(int selector, int offset) implements Operand {
        @Override
        public String toString() { return Syntax.hex(selector & 0xFFFF) + ":" + Syntax.hex(offset & 0xFFFFFFFFL); }
    }
}
