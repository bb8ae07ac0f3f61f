package org.stockbazaar.order.replication;

import java.util.List;
import java.util.OptionalLong;

/**
 * The replicated order log: entries numbered 0, 1, 2, ... with no gap. Appends reach the OS in order; {@link #sync}
 * makes everything appended so far durable. Not thread-safe: the replica serialises access.
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

    /** Drops every entry after {@code index}, durably. */
    void truncateAfter(long index);

    /** Makes every appended entry durable; returns the last durable index. */
    long sync();

    /** The number of the entry with this request id, if the log holds one. */
    OptionalLong indexOf(String requestId);
}
