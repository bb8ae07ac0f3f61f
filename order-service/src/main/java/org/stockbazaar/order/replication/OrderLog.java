package org.stockbazaar.order.replication;

import java.util.List;
import java.util.OptionalLong;

/**
 * The replicated order log: entries numbered 0, 1, 2, ... with no gap. Appends reach the OS in order; {@link #sync}
 * makes everything appended so far durable. Entries reported {@link #commit committed} are also published (what
 * users read), once and for good: a log never drops an entry it published. Not thread-safe: the replica serialises
 * access.
 */
public interface OrderLog {

    /** Number of the last entry, -1 when empty. */
    long lastIndex();

    /** Epoch of the entry at {@code index}; 0 for index -1 (the empty prefix every log shares). */
    long epochAt(long index);

    LogEntry get(long index);

    /** Up to {@code max} entries from {@code from} on. */
    List<LogEntry> range(long from, int max);

    /** Appends entries numbered from {@code lastIndex() + 1} on. */
    void append(List<LogEntry> entries);

    /**
     * Drops every entry after {@code index}, durably.
     *
     * @throws IllegalStateException if that would drop a published (committed) entry: the protocol never does
     */
    void truncateAfter(long index);

    /**
     * Entries up to {@code index} are committed (known to be in every later leader's log): publishes those this log
     * holds and has not published yet, in order. Called only with indexes whose entries are durable here.
     */
    void commit(long index);

    /** The last published (committed) index, -1 if none; it may lie beyond {@link #lastIndex()} (see the file log). */
    long committedIndex();

    /** Makes every appended entry durable; returns the last durable index. */
    long sync();

    /**
     * True if this log, when opened, dropped rows it may have held durably (a damaged row and everything after it):
     * it may lack entries this replica acknowledged, so the replica must get them back before it votes or leads.
     */
    boolean lostRows();

    /** The replica has every entry back that {@link #lostRows} may have lacked: the next open starts as usual. */
    void repaired();

    /** The number of the entry with this request id, if the log holds one. */
    OptionalLong indexOf(String requestId);
}
