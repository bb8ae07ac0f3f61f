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
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.OrderLog;
import org.stockbazaar.support.AtomicFile;

/**
 * The order log on disk, as two files appended row by row in step:
 * <ul>
 *   <li>{@code order_journal_<id>.csv} ({@code transaction_number,epoch,request_id,name,type,quantity}): every field
 *       of every entry. The journal is what an fsync makes durable, and what counts.</li>
 *   <li>{@code order_log_<id>.csv} ({@code transaction_number,name,type,quantity}): what users and the evaluation
 *       read. Each row is written right after its journal row, so readers see it at once (and a process crash loses
 *       nothing the journal holds: both live in the page cache), but it is not fsync'd per append: after a power
 *       loss it may lack rows, and the next start restores them from the journal.</li>
 * </ul>
 * One fsync per append instead of one per file, since an fsync is much of what a follower's append costs. Entries
 * are also held in memory, so a query by number is an array access, not a file scan.
 *
 * <p>On open, a torn last row in either file (a crash mid-write) is dropped; the log CSV is then cut to the
 * journal's rows, or completed from it. Anything wrong before the end, or a log row that disagrees with its journal
 * row, stops the start with the file and row named. A data folder of the earlier format ({@code order_meta_<id>.csv}
 * beside the log) is converted once, at its first start.
 *
 * <p>One class because the two files are written, cut and repaired in step, by offsets it keeps for both; most of
 * its length is the start-up checks and repairs, each of which names the file and row it refuses.
 */
public final class FileOrderLog implements OrderLog, AutoCloseable {

    static final String LOG_HEADER = "transaction_number,name,type,quantity\n";
    static final String JOURNAL_HEADER = "transaction_number,epoch,request_id,name,type,quantity\n";
    /** The earlier format's second file: number, epoch and request id only, fsync'd with the log. */
    static final String LEGACY_META_HEADER = "transaction_number,epoch,request_id\n";
    /** What a CSV cell may hold: no comma, quote or newline, and ASCII only, so a character is a byte. */
    private static final Pattern CELL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger log = LoggerFactory.getLogger(FileOrderLog.class);

    private final Path logFile;
    private final Path journalFile;
    private final List<LogEntry> entries = new ArrayList<>();
    /** Byte offset where row i starts in each file (entry count + 1 values: the last is the end of file). */
    private long[] logOffsets = new long[1024];
    private long[] journalOffsets = new long[1024];
    private final Map<String, Long> recentRequests;
    private FileChannel logChannel;
    private FileChannel journalChannel;
    private long durableIndex = -1;
    private final LongConsumer forced;

    public FileOrderLog(Path folder, int replicaId, int rememberedRequests) {
        this(folder, replicaId, rememberedRequests, nanos -> { });
    }

    /** @param forced told how long each fsync of the journal ({@link #force()}) took, in nanoseconds */
    public FileOrderLog(Path folder, int replicaId, int rememberedRequests, LongConsumer forced) {
        this.forced = forced;
        this.logFile = folder.resolve("order_log_" + replicaId + ".csv");
        this.journalFile = folder.resolve("order_journal_" + replicaId + ".csv");
        this.recentRequests = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > rememberedRequests;
            }
        };
        open(folder, folder.resolve("order_meta_" + replicaId + ".csv"));
    }

    private void open(Path folder, Path legacyMetaFile) {
        try {
            Files.createDirectories(folder);
            convertLegacyFormat(legacyMetaFile);
            long[] journalEnds = readRows(journalFile, JOURNAL_HEADER, 6, new int[] {0, 1, 5}, row -> {
                long number = Long.parseLong(row[0]);
                if (number != entries.size()) {
                    throw new IllegalStateException("order journal " + journalFile + ": row " + (entries.size() + 1)
                            + " should be transaction " + entries.size() + ": refusing to start with a damaged log");
                }
                // placed in memory now, offsets below: a log of a million orders must fit the heap once, not twice
                entries.add(new LogEntry(number, Long.parseLong(row[1]), row[2], row[3].intern(), row[4].intern(),
                        Long.parseLong(row[5])));
            });
            logOffsets = new long[Math.max(1024, entries.size() + 1)];
            journalOffsets = new long[logOffsets.length];
            logOffsets[0] = LOG_HEADER.length();
            journalOffsets[0] = JOURNAL_HEADER.length();
            for (int i = 0; i < entries.size(); i++) {
                journalOffsets[i + 1] = journalEnds[i];
                recentRequests.put(entries.get(i).requestId(), entries.get(i).number());
            }
            // each log row must be its journal row's number, name, type and quantity; their lengths give the offsets
            int[] agreeing = {0};
            readRows(logFile, LOG_HEADER, 4, new int[] {0, 3}, row -> {
                int i = agreeing[0];
                if (i < entries.size()) {
                    String expected = logRow(entries.get(i));
                    if (!String.join(",", row).concat("\n").equals(expected)) {
                        throw new IllegalStateException("order log " + logFile + ": row " + (i + 1) + " differs from "
                                + "row " + (i + 1) + " of " + journalFile + ": refusing to start with a damaged log");
                    }
                    logOffsets[i + 1] = logOffsets[i] + expected.length();
                }
                agreeing[0]++;
            });
            int rows = entries.size();
            int held = Math.min(agreeing[0], rows);
            if (agreeing[0] > rows) {
                log.warn("{} has {} rows and {} has {}: dropping the log's last {} (never made durable, so never "
                        + "acknowledged)", logFile, agreeing[0], journalFile, rows, agreeing[0] - rows);
            }
            journalChannel = openTruncated(journalFile, JOURNAL_HEADER, journalOffsets[rows]);
            logChannel = openTruncated(logFile, LOG_HEADER, logOffsets[held]);
            if (held < rows) {
                log.warn("{} lacks its last {} rows (a crash before they reached the disk): restoring them from {}",
                        logFile, rows - held, journalFile);
                StringBuilder missing = new StringBuilder();
                for (int i = held; i < rows; i++) {
                    String row = logRow(entries.get(i));
                    missing.append(row);
                    logOffsets[i + 1] = logOffsets[i] + row.length();
                }
                write(logChannel, missing);
                logChannel.force(false);
            }
            durableIndex = rows - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open order log in " + folder, e);
        }
    }

    /**
     * The earlier format kept the epoch and request id in {@code order_meta_<id>.csv}, fsync'd with the log: a row
     * counted once both files held it. Its rows, merged with the log's, become the journal (written whole and
     * renamed into place, so a crash leaves either no journal or a complete one), then the meta file goes.
     */
    private void convertLegacyFormat(Path metaFile) throws IOException {
        if (!Files.exists(metaFile)) {
            return;
        }
        if (!Files.exists(journalFile)) {
            List<String[]> logRows = new ArrayList<>();
            List<String[]> metaRows = new ArrayList<>();
            readRows(logFile, LOG_HEADER, 4, new int[] {0, 3}, logRows::add);
            readRows(metaFile, LEGACY_META_HEADER, 3, new int[] {0, 1}, metaRows::add);
            int rows = Math.min(logRows.size(), metaRows.size());
            StringBuilder journal = new StringBuilder(JOURNAL_HEADER);
            for (int i = 0; i < rows; i++) {
                String[] row = logRows.get(i);
                String[] meta = metaRows.get(i);
                if (!row[0].equals(String.valueOf(i)) || !meta[0].equals(String.valueOf(i))) {
                    throw new IllegalStateException("order log " + logFile + " or " + metaFile + ": row " + (i + 1)
                            + " should be transaction " + i + ": refusing to start with a damaged log");
                }
                journal.append(i).append(',').append(meta[1]).append(',').append(meta[2]).append(',').append(row[1])
                        .append(',').append(row[2]).append(',').append(row[3]).append('\n');
            }
            AtomicFile.replace(journalFile, journal.toString().getBytes(StandardCharsets.US_ASCII));
            log.info("Converted {} and {} ({} rows) to {}", logFile, metaFile, rows, journalFile);
        }
        Files.delete(metaFile);
    }

    /**
     * Streams the complete, well-formed rows to {@code rows} and returns the end offset of each; a bad row is allowed
     * only at the end (a torn write). Read as ISO-8859-1, so a character is a byte and offsets are byte offsets.
     */
    private static long[] readRows(Path file, String header, int columns, int[] numeric, Consumer<String[]> rows)
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
                if (row == null || row.length != columns || !wellFormed(row, numeric)) {
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

    private static boolean wellFormed(String[] row, int[] numeric) {
        try {
            for (String cell : row) {
                if (cell.isEmpty()) {
                    return false;
                }
            }
            for (int column : numeric) {
                Long.parseLong(row[column]);
            }
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
        StringBuilder journalRows = new StringBuilder(batch.size() * 80);
        StringBuilder logRows = new StringBuilder(batch.size() * 32);
        long journalEnd = journalOffsets[entries.size()];
        long logEnd = logOffsets[entries.size()];
        long[][] ends = new long[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            LogEntry entry = batch.get(i);
            if (entry.number() != entries.size() + i) {
                throw new IllegalArgumentException("entry " + entry.number() + " appended after " + lastIndex());
            }
            if (!CELL.matcher(entry.name()).matches() || !CELL.matcher(entry.type()).matches()
                    || !CELL.matcher(entry.requestId()).matches()) {
                throw new IllegalArgumentException("entry " + entry.number() + " has a field the CSV cannot hold");
            }
            int journalStart = journalRows.length();
            journalRows.append(entry.number()).append(',').append(entry.epoch()).append(',')
                    .append(entry.requestId()).append(',').append(entry.name()).append(',').append(entry.type())
                    .append(',').append(entry.quantity()).append('\n');
            String row = logRow(entry);
            logRows.append(row);
            journalEnd += journalRows.length() - journalStart;
            logEnd += row.length();
            ends[i] = new long[] {journalEnd, logEnd};
        }
        // the journal first: the log CSV never holds a row its journal lacks (but for a power loss, which the next
        // start repairs by cutting the CSV)
        write(journalChannel, journalRows);
        write(logChannel, logRows);
        for (int i = 0; i < batch.size(); i++) {
            addInMemory(batch.get(i), ends[i][0], ends[i][1]);
        }
    }

    private static String logRow(LogEntry entry) {
        return entry.number() + "," + entry.name() + "," + entry.type() + "," + entry.quantity() + "\n";
    }

    @Override
    public void truncateAfter(long index) {
        if (index >= lastIndex()) {
            return;
        }
        int keep = (int) (index + 1);
        try {
            journalChannel.truncate(journalOffsets[keep]);
            logChannel.truncate(logOffsets[keep]);
            journalChannel.position(journalOffsets[keep]);
            logChannel.position(logOffsets[keep]);
            // durable before anything is appended in their place
            journalChannel.force(true);
            logChannel.force(true);
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
            force();
            durableIndex = target;
        }
        return durableIndex;
    }

    /**
     * Makes every row written so far durable (the journal's: see the class comment), without touching this log's
     * bookkeeping: safe to call from another thread than the one appending (the leader's group commit calls it
     * outside the replica lock).
     */
    public void force() {
        try {
            long start = System.nanoTime();
            journalChannel.force(false);
            forced.accept(System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync order log " + journalFile, e);
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

    /** After a clean stop the log CSV is on disk too, and the next start has nothing to restore. */
    @Override
    public void close() throws IOException {
        try (FileChannel journal = journalChannel; FileChannel csv = logChannel) {
            csv.force(false);
        }
    }

    private void addInMemory(LogEntry entry, long journalEnd, long logEnd) {
        int next = entries.size() + 1;
        if (next >= logOffsets.length) {
            logOffsets = Arrays.copyOf(logOffsets, logOffsets.length * 2);
            journalOffsets = Arrays.copyOf(journalOffsets, journalOffsets.length * 2);
        }
        journalOffsets[next] = journalEnd;
        logOffsets[next] = logEnd;
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
