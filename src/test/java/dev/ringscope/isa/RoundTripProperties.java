package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
        List<String> aliases = new ArrayList<>();
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
            } else {
                aliases.add(form.notation());
            }
        }
        // a form whose bytes decode as another form is an alias (lar r32,rm16 reads back as lar r32,rm32 …)
        assertTrue(aliases.size() < FormTable.all().size() / 10, () -> "too many aliases: " + aliases);
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
