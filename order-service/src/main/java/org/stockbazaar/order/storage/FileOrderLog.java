package org.stockbazaar.order.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.OrderLog;

/**
 * The order log on disk, as two files appended row by row in step:
 * {@code order_log_<id>.csv} ({@code transaction_number,name,type,quantity}: what users and the evaluation read)
 * and {@code order_meta_<id>.csv} ({@code transaction_number,epoch,request_id}: what the protocol needs).
 * Entries are also held in memory, so a query by number is an array access, not a file scan.
 *
 * <p>On open, a torn last row in either file (a crash mid-write) is dropped and both files are cut to the rows they
 * both hold; anything wrong before the end stops the start with the file and row named.
 */
public final class FileOrderLog implements OrderLog, AutoCloseable {

    static final String LOG_HEADER = "transaction_number,name,type,quantity\n";
    /** What a CSV cell may hold: no comma, quote or newline, and ASCII only, so a character is a byte. */
    private static final Pattern CELL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String META_HEADER = "transaction_number,epoch,request_id\n";
    private static final Logger log = LoggerFactory.getLogger(FileOrderLog.class);

    private final Path logFile;
    private final Path metaFile;
    private final List<LogEntry> entries = new ArrayList<>();
    /** Byte offset where row i starts in each file (entry count + 1 values: the last is the end of file). */
    private long[] logOffsets = new long[1024];
    private long[] metaOffsets = new long[1024];
    private final Map<String, Long> recentRequests;
    private FileChannel logChannel;
    private FileChannel metaChannel;
    private long durableIndex = -1;

    public FileOrderLog(Path folder, int replicaId, int rememberedRequests) {
        this.logFile = folder.resolve("order_log_" + replicaId + ".csv");
        this.metaFile = folder.resolve("order_meta_" + replicaId + ".csv");
        this.recentRequests = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > rememberedRequests;
            }
        };
        open(folder);
    }

    private void open(Path folder) {
        try {
            Files.createDirectories(folder);
            List<LogRow> logRows = new ArrayList<>();
            List<MetaRow> metaRows = new ArrayList<>();
            long[] logEnds = readRows(logFile, LOG_HEADER, 4,
                    row -> logRows.add(new LogRow(Long.parseLong(row[0]), row[1].intern(), row[2].intern(),
                            Long.parseLong(row[3]))));
            long[] metaEnds = readRows(metaFile, META_HEADER, 3,
                    row -> metaRows.add(new MetaRow(Long.parseLong(row[0]), Long.parseLong(row[1]), row[2])));
            int rows = Math.min(logRows.size(), metaRows.size());
            if (logRows.size() != metaRows.size()) {
                log.warn("Order log {} has {} rows and {} has {}: keeping the {} rows both hold (the rest was never "
                        + "acknowledged)", logFile, logRows.size(), metaFile, metaRows.size(), rows);
            }
            for (int i = 0; i < rows; i++) {
                LogRow row = logRows.get(i);
                MetaRow meta = metaRows.get(i);
                if (row.number() != i || meta.number() != i) {
                    throw new IllegalStateException("order log " + logFile + " or " + metaFile + ": row " + (i + 1)
                            + " should be transaction " + i + ": refusing to start with a damaged log");
                }
                addInMemory(new LogEntry(i, meta.epoch(), meta.requestId(), row.name(), row.type(), row.quantity()),
                        logEnds[i], metaEnds[i]);
                // let the parsed rows go as they are used: a log of a million orders must fit the heap once, not twice
                logRows.set(i, null);
                metaRows.set(i, null);
            }
            logOffsets[0] = LOG_HEADER.length();
            metaOffsets[0] = META_HEADER.length();
            logChannel = openTruncated(logFile, LOG_HEADER, logOffsets[rows]);
            metaChannel = openTruncated(metaFile, META_HEADER, metaOffsets[rows]);
            durableIndex = rows - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open order log in " + folder, e);
        }
    }

    private record LogRow(long number, String name, String type, long quantity) {
    }

    private record MetaRow(long number, long epoch, String requestId) {
    }

    /**
     * Streams the complete, well-formed rows to {@code rows} and returns the end offset of each; a bad row is allowed
     * only at the end (a torn write). Read as ISO-8859-1, so a character is a byte and offsets are byte offsets.
     */
    private static long[] readRows(Path file, String header, int columns, Consumer<String[]> rows)
            throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new long[0];
        }
        long size = Files.size(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            char[] head = new char[header.length()];
            int got = 0;
            for (int n; got < head.length && (n = in.read(head, got, head.length - got)) > 0; ) {
                got += n;
            }
            String start = new String(head, 0, got);
            if (!start.equals(header)) {
                if (got == size && header.startsWith(start)) {
                    return new long[0];
                }
                throw new IllegalStateException(file + " does not start with the header " + header.strip()
                        + ": refusing to start with a damaged log");
            }
            long[] ends = new long[1024];
            int count = 0;
            long position = header.length();
            for (String line; (line = in.readLine()) != null; ) {
                long end = position + line.length();
                boolean complete = end < size;
                String[] row = complete ? line.split(",", -1) : null;
                if (row == null || row.length != columns || !wellFormed(row)) {
                    if (complete && end + 1 < size) {
                        throw new IllegalStateException(file + " is damaged at row " + (count + 1)
                                + " (not at its end): refusing to start with a damaged log");
                    }
                    log.warn("{}: dropped a torn last row left by a crash: {}", file,
                            line + (complete ? "\\n" : ""));
                    break;
                }
                rows.accept(row);
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, count * 2);
                }
                ends[count++] = end + 1;
                position = end + 1;
            }
            return Arrays.copyOf(ends, count);
        }
    }

    private static boolean wellFormed(String[] row) {
        try {
            for (int i = 0; i < row.length; i++) {
                if (row[i].isEmpty()) {
                    return false;
                }
            }
            Long.parseLong(row[0]);
            Long.parseLong(row[row.length == 4 ? 3 : 1]);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static FileChannel openTruncated(Path file, String header, long size) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() < header.length()) {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)), 0);
        } else {
            channel.truncate(size);
        }
        channel.position(Math.max(size, header.length()));
        channel.force(true);
        return channel;
    }

    @Override
    public long lastIndex() {
        return entries.size() - 1;
    }

    @Override
    public long epochAt(long index) {
        return index < 0 ? 0 : entries.get((int) index).epoch();
    }

    @Override
    public LogEntry get(long index) {
        return entries.get((int) index);
    }

    @Override
    public List<LogEntry> range(long from, int max) {
        int start = (int) Math.max(0, from);
        int end = (int) Math.min(entries.size(), (long) start + max);
        return start >= end ? List.of() : List.copyOf(entries.subList(start, end));
    }

    @Override
    public void append(List<LogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(batch.size() * 32);
        StringBuilder metas = new StringBuilder(batch.size() * 56);
        long logEnd = logOffsets[entries.size()];
        long metaEnd = metaOffsets[entries.size()];
        List<long[]> ends = new ArrayList<>(batch.size());
        for (LogEntry entry : batch) {
            if (entry.number() != entries.size() + ends.size()) {
                throw new IllegalArgumentException("entry " + entry.number() + " appended after " + lastIndex());
            }
            if (!CELL.matcher(entry.name()).matches() || !CELL.matcher(entry.type()).matches()
                    || !CELL.matcher(entry.requestId()).matches()) {
                throw new IllegalArgumentException("entry " + entry.number() + " has a field the CSV cannot hold");
            }
            int rowStart = rows.length();
            rows.append(entry.number()).append(',').append(entry.name()).append(',').append(entry.type()).append(',')
                    .append(entry.quantity()).append('\n');
            int metaStart = metas.length();
            metas.append(entry.number()).append(',').append(entry.epoch()).append(',').append(entry.requestId())
                    .append('\n');
            logEnd += rows.length() - rowStart;
            metaEnd += metas.length() - metaStart;
            ends.add(new long[] {logEnd, metaEnd});
        }
        write(logChannel, rows);
        write(metaChannel, metas);
        for (int i = 0; i < batch.size(); i++) {
            addInMemory(batch.get(i), ends.get(i)[0], ends.get(i)[1]);
        }
    }

    @Override
    public void truncateAfter(long index) {
        if (index >= lastIndex()) {
            return;
        }
        int keep = (int) (index + 1);
        try {
            logChannel.truncate(logOffsets[keep]);
            metaChannel.truncate(metaOffsets[keep]);
            logChannel.position(logOffsets[keep]);
            metaChannel.position(metaOffsets[keep]);
            logChannel.force(true);
            metaChannel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate order log " + logFile, e);
        }
        for (int i = entries.size() - 1; i >= keep; i--) {
            recentRequests.remove(entries.remove(i).requestId());
        }
        durableIndex = Math.min(durableIndex, index);
    }

    @Override
    public long sync() {
        long target = lastIndex();
        if (target > durableIndex) {
            try {
                metaChannel.force(false);
                logChannel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync order log " + logFile, e);
            }
            durableIndex = target;
        }
        return durableIndex;
    }

    /**
     * Makes every row written so far durable, without touching this log's bookkeeping: safe to call from another
     * thread than the one appending (the leader's group commit calls it outside the replica lock).
     */
    public void force() {
        try {
            metaChannel.force(false);
            logChannel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync order log " + logFile, e);
        }
    }

    @Override
    public OptionalLong indexOf(String requestId) {
        Long index = recentRequests.get(requestId);
        return index == null ? OptionalLong.empty() : OptionalLong.of(index);
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() throws IOException {
        logChannel.close();
        metaChannel.close();
    }

    private void addInMemory(LogEntry entry, long logEnd, long metaEnd) {
        int next = entries.size() + 1;
        if (next >= logOffsets.length) {
            logOffsets = Arrays.copyOf(logOffsets, logOffsets.length * 2);
            metaOffsets = Arrays.copyOf(metaOffsets, metaOffsets.length * 2);
        }
        logOffsets[next] = logEnd;
        metaOffsets[next] = metaEnd;
        entries.add(entry);
        recentRequests.put(entry.requestId(), entry.number());
    }

    private void write(FileChannel channel, CharSequence text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to order log " + logFile, e);
        }
    }
}
