package org.stockbazaar.catalog.stock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Append-only journal of applied trades, one line each: {@code <crc32c> <json>\n}. Appends go to the OS in sequence
 * order; {@link #syncThrough} makes them durable with one fsync for every caller waiting at that moment (group
 * commit). On open, a torn last line (a crash mid-write) is cut off and reported; damage anywhere before it stops
 * the start, because silently skipping a trade would serve wrong quantities.
 */
final class TradeJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TradeJournal.class);

    private final Path file;
    private final JsonMapper json;
    private final Object syncLock = new Object();
    private FileChannel channel;
    private volatile long writtenSeq;
    private volatile long durableSeq;
    private final LongConsumer forced;

    TradeJournal(Path file, JsonMapper json) {
        this(file, json, nanos -> { });
    }

    /** @param forced told how long each group-commit fsync ({@link #syncThrough}) took, in nanoseconds */
    TradeJournal(Path file, JsonMapper json, LongConsumer forced) {
        this.file = file;
        this.json = json;
        this.forced = forced;
    }

    /** Reads every intact entry, truncating a torn tail, and opens the journal for appends after them. */
    List<TradeEntry> open() {
        try {
            List<TradeEntry> entries = new ArrayList<>();
            long intactBytes = 0;
            if (Files.exists(file)) {
                byte[] content = Files.readAllBytes(file);
                int start = 0;
                while (start < content.length) {
                    int end = indexOf(content, (byte) '\n', start);
                    TradeEntry entry = end < 0 ? null : parse(content, start, end);
                    if (entry == null) {
                        if (end >= 0 && end + 1 < content.length) {
                            throw new IllegalStateException("catalog journal " + file + " is damaged at byte " + start
                                    + " (not at its end): refusing to start rather than serve wrong quantities");
                        }
                        log.warn("Catalog journal {}: dropped a torn last entry of {} bytes left by a crash "
                                + "(it was never acknowledged)", file, content.length - start);
                        break;
                    }
                    entries.add(entry);
                    start = end + 1;
                }
                intactBytes = start;
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(intactBytes);
            channel.position(intactBytes);
            channel.force(true);
            long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
            writtenSeq = last;
            durableSeq = last;
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open catalog journal " + file, e);
        }
    }

    /** Hands one entry to the OS; callers append in sequence order (they hold the catalog's lock). */
    void append(TradeEntry entry) {
        byte[] body = json.writeValueAsBytes(entry);
        ByteBuffer line = ByteBuffer.allocate(body.length + 10);
        line.put(crc(body, 0, body.length).getBytes(StandardCharsets.US_ASCII)).put((byte) ' ').put(body)
                .put((byte) '\n').flip();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to catalog journal " + file, e);
        }
        writtenSeq = entry.seq();
    }

    /** Returns once every entry up to {@code seq} is on disk; one fsync covers all entries written before it. */
    void syncThrough(long seq) {
        if (durableSeq >= seq) {
            return;
        }
        synchronized (syncLock) {
            if (durableSeq >= seq) {
                return;
            }
            long covered = writtenSeq;
            try {
                long start = System.nanoTime();
                channel.force(false);
                forced.accept(System.nanoTime() - start);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync catalog journal " + file, e);
            }
            durableSeq = covered;
        }
    }

    /**
     * Empties the journal once a snapshot durably holds every entry up to {@code seq} (the caller holds the catalog's
     * lock, so nothing is appended meanwhile). A crash before the truncation is harmless: entries the snapshot
     * already holds are skipped on replay.
     */
    void truncateAfterSnapshot(long seq) {
        synchronized (syncLock) {
            try {
                channel.truncate(0);
                channel.position(0);
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot truncate catalog journal " + file, e);
            }
            durableSeq = Math.max(durableSeq, seq);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (syncLock) {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private TradeEntry parse(byte[] content, int start, int end) {
        if (end - start < 10 || content[start + 8] != ' ') {
            return null;
        }
        String stored = new String(content, start, 8, StandardCharsets.US_ASCII);
        if (!stored.equals(crc(content, start + 9, end - start - 9))) {
            return null;
        }
        try {
            TradeEntry entry = json.readValue(content, start + 9, end - start - 9, TradeEntry.class);
            // a type this version does not know cannot be replayed: the line is as good as damaged
            return entry.type() == null ? null : entry;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
