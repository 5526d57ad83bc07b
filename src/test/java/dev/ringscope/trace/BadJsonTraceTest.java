package dev.ringscope.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bad JSON Lines traces of issue 17 that TraceReaderTest does not already cover. */
class BadJsonTraceTest {

    @Test
    void bytesThatAreNotUtf8AreALineProblemNamingTheLine() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((TraceReaderTest.HEADER_V2 + "\n" + TraceReaderTest.entry(0) + "\n").getBytes(UTF_8));
        file.writeBytes("{\"type\":\"consoleOutput\",\"seq\":1,\"cycle\":2,\"port\":233,\"text\":\"".getBytes(UTF_8));
        file.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
        file.writeBytes(("\"}\n" + TraceReaderTest.entry(2) + "\n").getBytes(UTF_8));
        LoadedTrace loaded = TraceReader.load(new ByteArrayInputStream(file.toByteArray()), "trace.jsonl");
        TraceReaderTest.assertProblems(loaded, "trace.jsonl:3: malformed JSON: Invalid UTF-8 middle byte 0x28*",
                "trace.jsonl:4: seq 2 loaded as 1 (lines above were dropped)");
        assertEquals(2, loaded.trace().size());

        byte[] header = (TraceReaderTest.HEADER_V2 + "\n").getBytes(UTF_8);
        header[30] = (byte) 0xFE;
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceReader.load(new ByteArrayInputStream(header), "trace.jsonl"));
        assertTrue(e.getMessage().startsWith("trace.jsonl:1: not a RingScope trace: the first line is not a trace header: "
                + "malformed JSON: Invalid UTF-8 start byte 0xfe"), e.getMessage());
    }

    /** Read from a stream made as it is read: the 100 MB are never in memory at once, and must not be. */
    @Test
    void aHundredMegabyteLineIsSkippedWithItsLineNumberWithoutHoldingIt() throws IOException {
        long length = 100L << 20;
        InputStream file = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream((TraceReaderTest.HEADER_V2 + "\n" + TraceReaderTest.entry(0)
                        + "\n{\"type\":\"consoleOutput\",\"seq\":1,\"cycle\":2,\"port\":233,\"text\":\"").getBytes(UTF_8)),
                new Repeated('A', length),
                new ByteArrayInputStream(("\"}\n" + TraceReaderTest.entry(2) + "\n").getBytes(UTF_8)))));
        LoadedTrace loaded = TraceReader.load(file, "trace.jsonl");
        TraceReaderTest.assertProblems(loaded, "trace.jsonl:3: line longer than " + EventJson.MAX_LINE_BYTES
                + " bytes skipped", "trace.jsonl:4: seq 2 loaded as 1 (lines above were dropped)");
        assertEquals(2, loaded.trace().size());
    }

    /** {@code length} copies of one byte. */
    private static final class Repeated extends InputStream {
        private final byte value;
        private long left;

        Repeated(char value, long length) {
            this.value = (byte) value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
