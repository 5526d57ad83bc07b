package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** decode(encode(i)) == i over generated instructions of every form. */
class RoundTripProperties {

    @Property(tries = 200)
    void decodingAnEncodingGivesTheInstructionBack(@ForAll long seed,
                                                   @ForAll @IntRange(min = 0, max = 0x7FFF_0000) int address)
            throws EncodingException {
        RandomInstructions gen = new RandomInstructions(seed);
        for (Form form : FormTable.all()) {
            Instruction insn = gen.forForm(form, address);
            if (insn == null) {
                continue;
            }
            Encoder.Encoding enc = Encoder.encode(insn, address);
            Decoded d = Decoder.decode(enc.bytes(), 0, address);
            assertTrue(d.isValid(), () -> insn + " encoded as " + hex(enc.bytes()) + " did not decode: " + d.error());
            assertEquals(enc.bytes().length, d.length(), () -> "length of " + insn);
            Instruction back = Disassembler.canonical(d.instruction(), enc.bytes(), address);
            assertArrayEquals(enc.bytes(), Encoder.encode(back, address).bytes(), () -> insn + " came back as " + back);
            if (d.form() == enc.form() && enc.form() == form) {
                assertEquals(insn, back, () -> "bytes " + hex(enc.bytes()));
            } else if (d.form() != enc.form()) {
                // two spellings of one encoding (lar r32,rm16 and lar r32,rm32; test r,rm and test rm,r; xchg eax,eax
                // and nop): the decoder may name either, but only a form with the very same opcode
                assertTrue(Arrays.equals(enc.form().opcode(), d.form().opcode()) && enc.form().o16() == d.form().o16()
                        && enc.form().digit() == d.form().digit(),
                        () -> insn + " encoded as " + enc.form().notation() + " decoded as " + d.form().notation());
            }
            // (enc.form() != form: the encoder chose a shorter or equal encoding of the same instruction, as NASM
            // does, e.g. add eax, imm32 with a small immediate; NasmDifferentialTest checks that choice)
            Decoded again = Decoder.decode(Encoder.encode(back, address).bytes(), 0, address);
            assertEquals(back, Disassembler.canonical(again.instruction(), enc.bytes(), address),
                    () -> "the decoder's spelling of " + hex(enc.bytes()) + " is not a fixed point");
        }
    }

    @Property(tries = 300)
    void undefinedOpcodesAreInvalidNotExceptions(@ForAll byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        Decoded d = Decoder.decode(bytes, 0, 0x1000);
        assertTrue(d.length() >= 1 && d.length() <= Decoder.MAX_LENGTH);
        if (d.isValid()) {
            assertTrue(d.length() <= bytes.length);
        }
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().withUpperCase().formatHex(b);
    }
}
