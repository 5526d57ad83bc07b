package dev.ringscope.asm;

/** What an expression needs from the assembler: symbol values and the current position. */
public interface SymbolResolver {

    /** The value of a symbol, or null if it is not (yet) known. */
    Value resolve(String name);

    /** {@code $}: the address of the current line. */
    long here();

    /** {@code $$}: the address where the current section starts. */
    long sectionStart();

    /** A resolver for contexts without symbols or position, such as {@code %if} and {@code %assign}. */
    static SymbolResolver none() {
        return new SymbolResolver() {
            @Override
            public Value resolve(String name) {
                return null;
            }

            @Override
            public long here() {
                return 0;
            }

            @Override
            public long sectionStart() {
                return 0;
            }
        };
    }
}
