package org.stockbazaar.order.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.OrderLog;
import org.stockbazaar.support.AtomicFile;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/**
 * The order log on disk, as two files:
 * <ul>
 *   <li>{@code order_journal_<id>.csv} ({@code transaction_number,epoch,request_id,name,type,quantity,crc32c}):
 *       every field of every entry this replica holds, committed or not, and the CRC32C of the row before it. The
 *       journal is what an fsync makes durable, what counts in the protocol, and what a new leader may cut back (an
 *       uncommitted tail it replaced).</li>
 *   <li>{@code order_log_<id>.csv} ({@code transaction_number,name,type,quantity}): what users and the evaluation
 *       read. A row is written only once its entry is {@link #commit committed} (the replica learns that from its
 *       commit index, as leader, or from the leader's, as follower), and a row once written is never cut: a reader
 *       never sees a transaction number that later names another order. Not fsync'd: a process crash loses nothing
 *       written (the page cache keeps it); after a power loss the file may lack its last rows, and they are written
 *       again when the replica next learns the commit index.</li>
 * </ul>
 * Entries are also held in memory, so a query by number is an array access, not a file scan.
 *
 * <p>On open, a torn last row in either file (a crash mid-write, no newline) is dropped. A journal row that fails its
 * checksum or does not parse is dropped with every row after it, and the log says it {@link #lostRows}: the replica
 * gets them back from a leader before it votes again (docs/replication.md, "Durability"). Each log row must be its
 * journal row's number, name, type and quantity, or the start stops with the file and row named; so does anything
 * else wrong before the end of the log. The log may hold committed rows beyond the journal's end (the journal lost
 * durable rows): they are kept, and each must match the entry that fills its place again. A journal without
 * checksums, and a data folder of the earlier format ({@code order_meta_<id>.csv} beside the log), are converted
 * once, at their first start.
 *
 * <p>One class because the two files are checked against each other at start and written in step afterwards; most
 * of its length is the start-up checks, each of which names the file and row it refuses.
 */
public final class FileOrderLog implements OrderLog, AutoCloseable {

    static final String LOG_HEADER = "transaction_number,name,type,quantity\n";
    static final String JOURNAL_HEADER = "transaction_number,epoch,request_id,name,type,quantity,crc32c\n";
    /** The journal before its rows carried a checksum: given them at the first start. */
    static final String UNCHECKED_JOURNAL_HEADER = "transaction_number,epoch,request_id,name,type,quantity\n";
    /** The earlier format's second file: number, epoch and request id only, fsync'd with the log. */
    static final String LEGACY_META_HEADER = "transaction_number,epoch,request_id\n";
    /** What a CSV cell may hold: no comma, quote or newline, and ASCII only, so a character is a byte. */
    private static final Pattern CELL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger log = LoggerFactory.getLogger(FileOrderLog.class);

    private final Path logFile;
    private final Path journalFile;
    private final List<LogEntry> entries = new ArrayList<>();
    /** Byte offset where row i starts in the journal (entry count + 1 values: the last is the end of file). */
    private long[] journalOffsets = new long[1024];
    /** Rows in the log CSV: entries 0 .. logRows - 1 are committed and published. */
    private long logRows;
    /** Log rows beyond the journal's end at open (index 0 is transaction {@code unjournaledFrom}), until it has them. */
    private List<String> unjournaled = List.of();
    private long unjournaledFrom;
    private final Map<String, Long> recentRequests;
    private FileChannel logChannel;
    private FileChannel journalChannel;
    private long durableIndex = -1;
    private final LongConsumer forced;
    /** What was wrong with the journal at open, if it dropped rows it may have held durably; else null. */
    private String damage;

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
            addChecksums();
            Rows journal = readRows(journalFile, JOURNAL_HEADER, 7, new int[] {0, 1, 5}, true, row -> {
                long number = Long.parseLong(row[0]);
                if (number != entries.size()) {
                    throw new IllegalStateException("order journal " + journalFile + ": row " + (entries.size() + 1)
                            + " should be transaction " + entries.size() + ": refusing to start with a damaged log");
                }
                // placed in memory now, offsets below: a log of a million orders must fit the heap once, not twice
                TradeType type = TradeType.fromWire(row[4]);
                if (type == null) {
                    throw new IllegalStateException("order journal " + journalFile + ": row " + (entries.size() + 1)
                            + " names no known type of trade: refusing to start with a damaged log");
                }
                entries.add(new LogEntry(number, Long.parseLong(row[1]), new Trade(row[2], row[3].intern(), type,
                        Long.parseLong(row[5]))));
            });
            long[] journalEnds = journal.ends();
            damage = journal.damage();
            if (damage == null && Files.exists(damagedCopy())) {
                damage = "order journal " + journalFile + " was damaged at an earlier start, and the entries it lost "
                        + "are not yet known to be back (" + damagedCopy() + " is there until they are)";
                log.warn("{}", damage);
            } else if (damage != null) {
                // the copy also marks, across restarts, that this journal may lack entries until repaired()
                Path copy = damagedCopy();
                Files.copy(journalFile, copy, StandardCopyOption.REPLACE_EXISTING);
                log.error("{} (the whole file is kept as {}); this replica gets those entries back from its peers "
                        + "and neither votes nor leads until then", damage, copy);
            }
            journalOffsets = new long[Math.max(1024, entries.size() + 1)];
            journalOffsets[0] = JOURNAL_HEADER.length();
            for (int i = 0; i < entries.size(); i++) {
                journalOffsets[i + 1] = journalEnds[i];
                recentRequests.put(entries.get(i).requestId(), entries.get(i).number());
            }
            int rows = entries.size();
            // log row k must be transaction k, and (while the journal has it) its journal row's name, type, quantity
            List<String> beyond = new ArrayList<>();
            int[] read = {0};
            long[] logEnds = readRows(logFile, LOG_HEADER, 4, new int[] {0, 3}, false, row -> {
                int k = read[0]++;
                String text = String.join(",", row).concat("\n");
                boolean agrees = k < rows ? text.equals(logRow(entries.get(k))) : row[0].equals(String.valueOf(k));
                if (!agrees) {
                    throw new IllegalStateException("order log " + logFile + ": row " + (k + 1) + " differs from "
                            + (k < rows ? "row " + (k + 1) + " of " + journalFile : "transaction " + k)
                            + ": refusing to start with a damaged log");
                }
                if (k >= rows) {
                    beyond.add(text);
                }
            }).ends();
            logRows = logEnds.length;
            if (!beyond.isEmpty()) {
                unjournaled = beyond;
                unjournaledFrom = rows;
                log.warn("{} holds {} committed rows beyond the end of {}: they stay, and the journal gets those "
                        + "entries back from the other replicas", logFile, beyond.size(), journalFile);
                if (damage == null) {
                    damage = "order journal " + journalFile + " lacks rows " + (rows + 1) + " to " + logRows
                            + ", which it held durably (" + logFile + " published them)";
                }
            }
            journalChannel = openTruncated(journalFile, JOURNAL_HEADER, journalOffsets[rows]);
            // only a torn last row (never a complete one) is cut here
            logChannel = openTruncated(logFile, LOG_HEADER,
                    logRows == 0 ? LOG_HEADER.length() : logEnds[logEnds.length - 1]);
            durableIndex = rows - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open order log in " + folder, e);
        }
    }

    /**
     * The earlier format kept the epoch and request id in {@code order_meta_<id>.csv}, fsync'd with the log: a row
     * counted once both files held it. Its rows, merged with the log's, become the journal (written whole and
     * renamed into place, so a crash leaves either no journal or a complete one), then the meta file goes. The log
     * keeps the rows both files held: they count as published.
     */
    private void convertLegacyFormat(Path metaFile) throws IOException {
        if (!Files.exists(metaFile)) {
            return;
        }
        if (!Files.exists(journalFile)) {
            List<String[]> logRows = new ArrayList<>();
            List<String[]> metaRows = new ArrayList<>();
            readRows(logFile, LOG_HEADER, 4, new int[] {0, 3}, false, logRows::add);
            readRows(metaFile, LEGACY_META_HEADER, 3, new int[] {0, 1}, false, metaRows::add);
            int rows = Math.min(logRows.size(), metaRows.size());
            StringBuilder journal = new StringBuilder(JOURNAL_HEADER);
            for (int i = 0; i < rows; i++) {
                String[] row = logRows.get(i);
                String[] meta = metaRows.get(i);
                if (!row[0].equals(String.valueOf(i)) || !meta[0].equals(String.valueOf(i))) {
                    throw new IllegalStateException("order log " + logFile + " or " + metaFile + ": row " + (i + 1)
                            + " should be transaction " + i + ": refusing to start with a damaged log");
                }
                appendJournalRow(journal, i + "," + meta[1] + "," + meta[2] + "," + row[1] + "," + row[2] + ","
                        + row[3]);
            }
            // that format wrote log rows before their commit: only the rows both files hold stay (the log first, so
            // a crash before the journal is in place leaves a folder this conversion starts over)
            StringBuilder logText = new StringBuilder(LOG_HEADER);
            for (int i = 0; i < rows; i++) {
                logText.append(String.join(",", logRows.get(i))).append('\n');
            }
            AtomicFile.replace(logFile, logText.toString().getBytes(StandardCharsets.US_ASCII));
            AtomicFile.replace(journalFile, journal.toString().getBytes(StandardCharsets.US_ASCII));
            log.info("Converted {} and {} ({} rows) to {}", logFile, metaFile, rows, journalFile);
        }
        Files.delete(metaFile);
    }

    /**
     * A journal of the format before checksums is rewritten with one on every row (whole, renamed into place: a crash
     * leaves the old file or the new one). Its rows are read as they always were: damage before the end stops the
     * start, since without a checksum a changed row could pass for a good one.
     */
    private void addChecksums() throws IOException {
        if (!Files.exists(journalFile)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(journalFile, StandardCharsets.ISO_8859_1)) {
            if (!UNCHECKED_JOURNAL_HEADER.equals(in.readLine() + "\n")) {
                return;
            }
        }
        StringBuilder journal = new StringBuilder(JOURNAL_HEADER);
        int[] count = {0};
        readRows(journalFile, UNCHECKED_JOURNAL_HEADER, 6, new int[] {0, 1, 5}, false, row -> {
            appendJournalRow(journal, String.join(",", row));
            count[0]++;
        });
        AtomicFile.replace(journalFile, journal.toString().getBytes(StandardCharsets.US_ASCII));
        log.info("Gave the {} rows of {} a CRC32C checksum each", count[0], journalFile);
    }

    /** Appends {@code row} (no newline) with its checksum: {@code <row>,<crc32c of row, 8 hex digits>\n}. */
    private static void appendJournalRow(StringBuilder journal, String row) {
        journal.append(row).append(',').append(crc(row)).append('\n');
    }

    private static String crc(String row) {
        CRC32C crc = new CRC32C();
        crc.update(row.getBytes(StandardCharsets.ISO_8859_1));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /** @param damage set if rows that may have been durable were dropped (see {@link #readRows}) */
    private record Rows(long[] ends, String damage) {
    }

    /**
     * Streams the complete, well-formed rows to {@code rows} and returns the end offset of each. Read as ISO-8859-1,
     * so a character is a byte and offsets are byte offsets. A row without its newline at the end of the file is a
     * torn write, dropped. Any other bad row: in a file without checksums, allowed only last (a torn write), else
     * the start stops; in a {@code checksummed} file (last column the CRC32C of the rest of the row), a row that
     * fails its checksum or does not parse may have been durable, so it and every row after it are dropped and
     * reported in {@link Rows#damage()}: the replica gets them back from its peers.
     */
    private static Rows readRows(Path file, String header, int columns, int[] numeric, boolean checksummed,
            Consumer<String[]> rows) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new Rows(new long[0], null);
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
                    return new Rows(new long[0], null);
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
                if (row == null || row.length != columns || !wellFormed(row, numeric)
                        || checksummed && !row[columns - 1].equals(crc(line.substring(0, line.lastIndexOf(','))))) {
                    if (complete && checksummed) {
                        return new Rows(Arrays.copyOf(ends, count), file + " is damaged at row " + (count + 1)
                                + (end + 1 < size ? " (not at its end)" : " (its last row)")
                                + ": it fails its CRC32C checksum or does not parse; dropped it and everything after "
                                + "it (" + (size - position) + " bytes)");
                    }
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
            return new Rows(Arrays.copyOf(ends, count), null);
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
        long journalEnd = journalOffsets[entries.size()];
        long[] ends = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            LogEntry entry = batch.get(i);
            if (entry.number() != entries.size() + i) {
                throw new IllegalArgumentException("entry " + entry.number() + " appended after " + lastIndex());
            }
            Trade trade = entry.trade();
            if (!CELL.matcher(trade.name()).matches() || trade.type() == null
                    || !CELL.matcher(trade.requestId()).matches()) {
                throw new IllegalArgumentException("entry " + entry.number() + " has a field the CSV cannot hold");
            }
            checkAgainstPublished(entry);
            int journalStart = journalRows.length();
            appendJournalRow(journalRows, entry.number() + "," + entry.epoch() + "," + trade.requestId() + ","
                    + trade.name() + "," + trade.type().wireName() + "," + trade.quantity());
            journalEnd += journalRows.length() - journalStart;
            ends[i] = journalEnd;
        }
        write(journalChannel, journalRows, journalFile);
        for (int i = 0; i < batch.size(); i++) {
            addInMemory(batch.get(i), ends[i]);
        }
        if (!unjournaled.isEmpty() && lastIndex() >= unjournaledFrom + unjournaled.size() - 1) {
            unjournaled = List.of();
        }
    }

    /** An entry filling a place the log CSV already published must be the published order. */
    private void checkAgainstPublished(LogEntry entry) {
        long k = entry.number() - unjournaledFrom;
        if (k >= 0 && k < unjournaled.size() && !unjournaled.get((int) k).equals(logRow(entry))) {
            throw new IllegalStateException("order log " + logFile + ": row " + (entry.number() + 1)
                    + " was published as committed, but the entry now in its place differs: " + entry);
        }
    }

    private static String logRow(LogEntry entry) {
        Trade trade = entry.trade();
        return entry.number() + "," + trade.name() + "," + trade.type().wireName() + "," + trade.quantity() + "\n";
    }

    @Override
    public void truncateAfter(long index) {
        if (index >= lastIndex()) {
            return;
        }
        if (index + 1 < logRows) {
            throw new IllegalStateException("order journal " + journalFile + ": refusing to drop transaction "
                    + (index + 1) + ", which " + logFile + " published as committed");
        }
        int keep = (int) (index + 1);
        try {
            journalChannel.truncate(journalOffsets[keep]);
            journalChannel.position(journalOffsets[keep]);
            // durable before anything is appended in its place
            journalChannel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate order journal " + journalFile, e);
        }
        for (int i = entries.size() - 1; i >= keep; i--) {
            recentRequests.remove(entries.remove(i).requestId());
        }
        durableIndex = Math.min(durableIndex, index);
    }

    /**
     * Writes the log CSV rows of the committed entries not yet in it. No fsync: the rows reach the page cache, which
     * a process crash keeps, so readers see them at once; a power loss may lose them, and the replica writes them
     * again when it next learns the commit index.
     */
    @Override
    public void commit(long index) {
        long through = Math.min(index, lastIndex());
        if (through < logRows) {
            return;
        }
        StringBuilder rows = new StringBuilder((int) Math.min(1 << 20, (through - logRows + 1) * 32));
        for (long i = logRows; i <= through; i++) {
            rows.append(logRow(entries.get((int) i)));
        }
        write(logChannel, rows, logFile);
        logRows = through + 1;
    }

    @Override
    public long committedIndex() {
        return logRows - 1;
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

    @Override
    public boolean lostRows() {
        return damage != null;
    }

    @Override
    public void repaired() {
        if (damage == null) {
            return;
        }
        try {
            Path copy = damagedCopy();
            if (Files.exists(copy)) {
                Files.move(copy, copy.resolveSibling(copy.getFileName() + "-repaired"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside " + damagedCopy(), e);
        }
        log.info("{}: the entries lost to damage are back", journalFile);
        damage = null;
    }

    private Path damagedCopy() {
        return journalFile.resolveSibling(journalFile.getFileName() + ".damaged");
    }

    /** What was wrong with the journal at open (file and row), if it dropped rows it may have held durably. */
    public Optional<String> damage() {
        return Optional.ofNullable(damage);
    }

    /** After a clean stop the log CSV is on disk too. */
    @Override
    public void close() throws IOException {
        try (FileChannel journal = journalChannel; FileChannel csv = logChannel) {
            csv.force(false);
        }
    }

    private void addInMemory(LogEntry entry, long journalEnd) {
        int next = entries.size() + 1;
        if (next >= journalOffsets.length) {
            journalOffsets = Arrays.copyOf(journalOffsets, journalOffsets.length * 2);
        }
        journalOffsets[next] = journalEnd;
        entries.add(entry);
        recentRequests.put(entry.requestId(), entry.number());
    }

    private static void write(FileChannel channel, CharSequence text, Path file) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
