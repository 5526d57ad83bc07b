package dev.ringscope.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.AsmException;
import dev.ringscope.asm.Assembler;
import dev.ringscope.testing.Fuzzing;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Garbage and damaged instructions for the decoder and the disassembler: random bytes, valid encodings of
 * every form with bits flipped and bytes put in, taken out or cut off, runs of prefixes past the 15-byte
 * limit. Decoding always gives an instruction or a fault (#UD, #NM, or #GP for over 15 bytes, SDM Vol. 2A
 * §2.3.11) and never throws; an instruction decodes the same whatever follows it and not at all when cut
 * short; a listing of any bytes assembles back to those bytes. (Encode-then-decode over every form is
 * {@link RoundTripProperties}.)
 */
class DecoderFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(30);
    private static final int[] PREFIXES = {0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    private static final int[] SEGMENT_PREFIXES = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    private static final List<Form> FORMS = FormTable.all();

    /** Some bytes to decode at an address. */
    record Code(byte[] bytes, long address) {

        String show() {
            return "at 0x" + Long.toHexString(address) + ": " + HexFormat.of().withUpperCase().formatHex(bytes);
        }
    }

    @Test
    void garbageDecodesToAnInstructionOrAFault() {
        Fuzzing.run("decode-garbage", 3000, HANG, DecoderFuzzTest::garbage, Code::show, DecoderFuzzTest::decodesSoundly);
    }

    @Test
    void damagedEncodingsDecodeToAnInstructionOrAFault() {
        Fuzzing.run("decode-damaged", 3000, HANG, DecoderFuzzTest::damaged, Code::show, DecoderFuzzTest::decodesSoundly);
    }

    @Test
    void aListingOfAnyBytesAssemblesBackToThem() {
        Fuzzing.run("listing", 2000, HANG, random -> random.nextBoolean() ? garbage(random) : damaged(random),
                Code::show, DecoderFuzzTest::listingAssemblesBack);
    }

    /** SDM Vol. 2A §2.3.11: segment prefixes add length only; past 15 bytes in all it is #GP, not an instruction. */
    @Test
    void prefixesPastFifteenBytesAreAGeneralProtectionFault() {
        Fuzzing.run("decode-prefixes", 1500, HANG, random -> {
            Code valid = encoded(random);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int n = random.nextInt(17);
            for (int i = 0; i < n; i++) {
                b.write(SEGMENT_PREFIXES[random.nextInt(SEGMENT_PREFIXES.length)]);
            }
            b.writeBytes(valid.bytes());
            return new Code(b.toByteArray(), valid.address());
        }, Code::show, code -> {
            decodesSoundly(code);
            Decoded d = Decoder.decode(code.bytes(), 0, code.address());
            if (code.bytes().length > Decoder.MAX_LENGTH) {
                assertEquals(Decoded.GP, d.faultVector(), () -> "over 15 bytes: " + d);
                assertEquals(Decoder.MAX_LENGTH, d.length());
            } else {
                assertTrue(d.isValid(), () -> "segment prefixes on a valid instruction: " + d.error());
                assertEquals(code.bytes().length, d.length());
            }
        });
    }

    // ---------------------------------------------------------------- inputs

    private static Code garbage(Random random) {
        byte[] bytes = new byte[random.nextInt(25)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) switch (random.nextInt(6)) {
                case 0 -> PREFIXES[random.nextInt(PREFIXES.length)];
                case 1 -> 0x0F;
                case 2 -> 0xC0 + random.nextInt(64); // register ModRM
                case 3 -> 0xD8 + random.nextInt(8); // x87 escapes
                default -> random.nextInt(256);
            };
        }
        return new Code(bytes, address(random));
    }

    /** A valid encoding of a random form, at a random address. */
    private static Code encoded(Random random) {
        long address = address(random);
        RandomInstructions gen = new RandomInstructions(random.nextLong());
        while (true) {
            Instruction insn = gen.forForm(FORMS.get(random.nextInt(FORMS.size())), address);
            if (insn != null) {
                try {
                    return new Code(Encoder.encode(insn, address).bytes(), address);
                } catch (EncodingException e) {
                    throw new AssertionError("a generated instruction does not encode: " + insn, e);
                }
            }
        }
    }

    private static Code damaged(Random random) {
        Code valid = encoded(random);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(valid.bytes());
        if (random.nextBoolean()) {
            b.writeBytes(encoded(random).bytes()); // a second instruction for the damage to run into
        }
        byte[] bytes = b.toByteArray();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(bytes.length + 1);
            switch (random.nextInt(6)) {
                case 0 -> bytes = at < bytes.length ? flip(bytes, at, 1 << random.nextInt(8)) : bytes;
                case 1 -> bytes = insert(bytes, at, (byte) PREFIXES[random.nextInt(PREFIXES.length)]);
                case 2 -> bytes = insert(bytes, at, (byte) random.nextInt(256));
                case 3 -> bytes = at < bytes.length ? remove(bytes, at) : bytes;
                case 4 -> bytes = Arrays.copyOf(bytes, at);
                default -> bytes = at < bytes.length ? flip(bytes, at, random.nextInt(256)) : bytes;
            }
        }
        return new Code(bytes, valid.address());
    }

    private static long address(Random random) {
        return random.nextInt(4) == 0 ? 0 : random.nextInt(0x7FFF_0000);
    }

    private static byte[] flip(byte[] bytes, int at, int mask) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) mask;
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte b) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = b;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] remove(byte[] bytes, int at) {
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
        return copy;
    }

    // ---------------------------------------------------------------- checks

    private static void decodesSoundly(Code code) {
        byte[] bytes = code.bytes();
        Decoded d = Decoder.decode(bytes, 0, code.address());
        assertNotNull(d);
        assertTrue(d.length() >= 1 && d.length() <= Decoder.MAX_LENGTH, () -> "length " + d.length());
        if (d.isValid()) {
            assertNotNull(d.instruction());
            assertNotNull(d.form());
            assertEquals(0, d.faultVector());
            assertTrue(d.length() <= bytes.length, () -> "longer than the bytes: " + d);
            // the same whatever follows it, and wherever in a buffer it sits
            byte[] alone = Arrays.copyOf(bytes, d.length());
            assertEquals(d, Decoder.decode(alone, 0, code.address()), "decoded with nothing after it");
            byte[] later = new byte[7 + bytes.length];
            Arrays.fill(later, 0, 7, (byte) 0xF0);
            System.arraycopy(bytes, 0, later, 7, bytes.length);
            assertEquals(d, Decoder.decode(later, 7, code.address()), "decoded at offset 7");
            // cut short, it is no instruction (SDM: the fetch would fault)
            for (int k = 0; k < d.length(); k++) {
                Decoded cut = Decoder.decode(Arrays.copyOf(bytes, k), 0, code.address());
                int keep = k;
                assertFalse(cut.isValid(), () -> "valid with only " + keep + " of its " + d.length() + " bytes: " + cut);
            }
        } else {
            assertNull(d.instruction());
            assertNotNull(d.error());
            assertTrue(List.of(Decoded.UD, Decoded.NM, Decoded.GP).contains(d.faultVector()), () -> "fault " + d);
        }
        int prefixes = 0;
        while (prefixes < bytes.length && prefixes < 16 && isPrefix(bytes[prefixes])) {
            prefixes++;
        }
        int counted = prefixes;
        if (counted >= Decoder.MAX_LENGTH) {
            assertEquals(Decoded.GP, d.faultVector(), () -> counted + " prefixes: " + d);
        }
    }

    private static boolean isPrefix(byte b) {
        return Arrays.stream(PREFIXES).anyMatch(p -> p == (b & 0xFF));
    }

    private static void listingAssemblesBack(Code code) throws AsmException {
        List<Disassembler.Line> lines = Disassembler.disassemble(code.bytes(), code.address());
        ByteArrayOutputStream covered = new ByteArrayOutputStream();
        StringBuilder source = new StringBuilder("bits 32\norg 0x" + Long.toHexString(code.address()) + "\n");
        for (Disassembler.Line line : lines) {
            assertEquals(code.address() + covered.size(), line.address(), "lines follow each other");
            covered.writeBytes(line.bytes());
            source.append(line.text()).append('\n');
        }
        assertArrayEquals(code.bytes(), covered.toByteArray(), "the lines cover the bytes");
        byte[] back;
        try {
            back = new Assembler().assemble("listing.asm", source.toString()).bytes();
        } catch (AsmException e) {
            throw new AssertionError("the listing does not assemble:\n" + source, e);
        }
        assertEquals(HexFormat.of().formatHex(code.bytes()), HexFormat.of().formatHex(back), source::toString);
    }
}
