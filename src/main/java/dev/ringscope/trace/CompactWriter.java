package dev.ringscope.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a {@code .rstrace} file ({@link CompactFormat}): the header, then the events in chunks of
 * {@value CompactFormat#CHUNK_EVENTS}, each deflated on its own at the fastest level (a trace is
 * written while the guest runs, and the records are already small; on a thread of its own, while the
 * next chunk fills), and on {@link #close()} the
 * index of the chunks. A file whose writer never closed (a run killed) has no index; its complete
 * chunks still load. The same header and events always give the same bytes.
 */
final class CompactWriter implements TraceOutput {

    private final OutputStream out;
    private final ChunkCoder coder = new ChunkCoder();
    private final ByteOut records = new ByteOut(1 << 16);
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final List<CompactFormat.Entry> index = new ArrayList<>();
    private byte[] compressed = new byte[1 << 16];
    private long offset;
    private long count;
    private long instructions;
    private long chunkFirstEvent;
    private long chunkInstructionsBefore;
    private boolean closed;
    /** The last chunk handed over; chunks are written one after another, in order. */
    private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

    private static final int IN_FLIGHT = 2;
    private static final Executor DEFLATING = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "rstrace-deflate");
        t.setDaemon(true);
        return t;
    });

    /** Writes the header at once; {@link #close()} closes {@code out}. */
    CompactWriter(OutputStream out, TraceHeader header) throws IOException {
        this.out = out;
        byte[] head = CompactFormat.fileHeader(header);
        out.write(head);
        offset = head.length;
    }

    @Override
    public void accept(Event event) {
        checkSeq(event.seq());
        coder.write(records, event);
        if (event instanceof Event.InstructionRetired) {
            instructions++;
        }
        committed();
    }

    @Override
    public void instructionRetired(long seq, long cycle, int eip, int cpl, byte[] bytes) {
        checkSeq(seq);
        coder.writeInstruction(records, cycle, eip, cpl, bytes);
        instructions++;
        committed();
    }

    @Override
    public void registerWrite(long seq, long cycle, ArchRegister register, int value) {
        checkSeq(seq);
        coder.writeRegister(records, cycle, register, value);
        committed();
    }

    @Override
    public void memoryAccess(long seq, long cycle, int linear, int physical, int size, int value, boolean write) {
        checkSeq(seq);
        coder.writeMemory(records, cycle, linear, physical, size, value, write);
        committed();
    }

    @Override
    public long count() {
        return count;
    }

    private void checkSeq(long seq) {
        if (seq != count) {
            throw new IllegalArgumentException("event seq " + seq + " written as event " + count
                    + "; a trace's seq numbers run 0, 1, 2, … without gaps");
        }
    }

    private void committed() {
        count++;
        if (count - chunkFirstEvent >= CompactFormat.CHUNK_EVENTS || records.size >= CompactFormat.CHUNK_TARGET_BYTES) {
            try {
                writeChunk();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Hands the chunk's records to be deflated and written on another thread, in order, so a run
     * goes on while its last chunk is compressed; at most {@value #IN_FLIGHT} chunks wait.
     */
    private void writeChunk() throws IOException {
        int events = (int) (count - chunkFirstEvent);
        if (events == 0) {
            return;
        }
        byte[] raw = java.util.Arrays.copyOf(records.buf, records.size);
        long first = chunkFirstEvent;
        long before = chunkInstructionsBefore;
        written = written.thenRunAsync(() -> deflateAndWrite(raw, events, first, before), DEFLATING);
        inFlight.add(written);
        if (inFlight.size() > IN_FLIGHT) {
            await(inFlight.poll());
        }
        chunkFirstEvent = count;
        chunkInstructionsBefore = instructions;
        records.size = 0;
        coder.reset();
    }

    private void deflateAndWrite(byte[] raw, int events, long firstEvent, long instructionsBefore) {
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        int length = 0;
        while (!deflater.finished()) {
            if (length == compressed.length) {
                compressed = java.util.Arrays.copyOf(compressed, compressed.length * 2);
            }
            length += deflater.deflate(compressed, length, compressed.length - length);
        }
        crc.reset();
        crc.update(compressed, 0, length);
        ByteBuffer head = CompactFormat.little(CompactFormat.CHUNK_HEADER_BYTES);
        head.put(CompactFormat.CHUNK_MARK).putInt(length).putInt(raw.length).putInt(events).putInt((int) crc.getValue());
        try {
            out.write(head.array());
            out.write(compressed, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        index.add(new CompactFormat.Entry(offset, firstEvent, instructionsBefore, events));
        offset += CompactFormat.CHUNK_HEADER_BYTES + length;
    }

    /** Waits for a chunk; its write's failure is thrown here. */
    private static void await(CompletableFuture<Void> chunk) throws IOException {
        try {
            chunk.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public void flush() throws IOException {
        await(written);
        out.flush(); // a chunk is written whole or not at all, so a half-full one stays here
    }

    /** Writes the last chunk, the index and the trailer, and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeChunk();
            await(written);
            ByteBuffer b = CompactFormat.little(1 + 4 + index.size() * CompactFormat.INDEX_ENTRY_BYTES
                    + CompactFormat.TRAILER_BYTES);
            b.put(CompactFormat.INDEX_MARK).putInt(index.size());
            for (CompactFormat.Entry e : index) {
                b.putLong(e.offset()).putLong(e.firstEvent()).putLong(e.instructionsBefore()).putInt(e.events());
            }
            crc.reset();
            crc.update(b.array(), 0, b.position());
            b.putLong(offset).putLong(count).putLong(instructions).putInt((int) crc.getValue())
                    .putInt(CompactFormat.TRAILER_MAGIC);
            out.write(b.array());
        } finally {
            written.exceptionally(x -> null).join(); // nothing uses the deflater any more
            deflater.end();
            out.close();
        }
    }
}
