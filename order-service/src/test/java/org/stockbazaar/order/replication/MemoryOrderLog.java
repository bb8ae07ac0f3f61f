package org.stockbazaar.order.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * An {@link OrderLog} in memory that knows which entries an fsync made durable, so a test can {@link #crash} it the
 * way kill -9 crashes a replica: everything appended since the last {@link #sync} is gone, a truncation is not
 * undone (it is durable at once, as {@code FileOrderLog} forces it). It models {@code order_log_<id>.csv} as the
 * list of {@link #published} entries, which a crash keeps (the page cache does) and which never shrinks: a
 * truncation below it throws, as {@code FileOrderLog}'s does.
 */
final class MemoryOrderLog implements OrderLog {

    private final List<LogEntry> entries = new ArrayList<>();
    private final List<LogEntry> published = new ArrayList<>();
    /** Entries [0, durable) survive a crash. */
    private int durable;
    private boolean killAtNextSync;
    private boolean lostRows;

    @Override
    public long lastIndex() {
        return entries.size() - 1;
    }

    @Override
    public long epochAt(long index) {
        // like FileOrderLog: an index past the end is a caller's bug, not epoch 0
        return index < 0 ? 0 : entries.get(Math.toIntExact(index)).epoch();
    }

    @Override
    public LogEntry get(long index) {
        return entries.get(Math.toIntExact(index));
    }

    @Override
    public List<LogEntry> range(long from, int max) {
        int start = (int) Math.max(0, from);
        int end = (int) Math.min(entries.size(), (long) start + max);
        return start >= end ? List.of() : List.copyOf(entries.subList(start, end));
    }

    @Override
    public void append(List<LogEntry> batch) {
        for (LogEntry entry : batch) {
            if (entry.number() != entries.size()) {
                throw new IllegalArgumentException("entry " + entry.number() + " appended after " + lastIndex());
            }
            if (entry.number() < published.size() && !published.get((int) entry.number()).equals(entry)) {
                throw new IllegalStateException("#" + entry.number() + " was published as " + published.get(
                        (int) entry.number()) + ", and " + entry + " now takes its place");
            }
            entries.add(entry);
        }
    }

    @Override
    public void truncateAfter(long index) {
        int keep = (int) Math.max(0, index + 1);
        if (keep >= entries.size()) {
            return;
        }
        if (keep < published.size()) {
            throw new IllegalStateException("truncation after #" + index + " would drop published #" + keep);
        }
        entries.subList(keep, entries.size()).clear();
        durable = Math.min(durable, keep);
    }

    @Override
    public void commit(long index) {
        for (long i = published.size(); i <= Math.min(index, lastIndex()); i++) {
            if (i >= durable) {
                throw new IllegalStateException("#" + i + " published before it was durable");
            }
            published.add(entries.get((int) i));
        }
    }

    @Override
    public long committedIndex() {
        return published.size() - 1;
    }

    @Override
    public long sync() {
        if (killAtNextSync) {
            killAtNextSync = false;
            throw new KilledBeforeSync();
        }
        durable = entries.size();
        return lastIndex();
    }

    @Override
    public OptionalLong indexOf(String requestId) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).requestId().equals(requestId)) {
                return OptionalLong.of(i);
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public boolean lostRows() {
        return lostRows;
    }

    /**
     * A crash that also damaged the durable entry at {@code index}: on restart, as {@code FileOrderLog} does, it and
     * every entry after it are gone and the log says it {@link #lostRows}; published entries stay.
     */
    void crashWithDamageAt(int index) {
        crash();
        if (index < entries.size()) {
            entries.subList(index, entries.size()).clear();
            durable = Math.min(durable, index);
            lostRows = true;
        }
    }

    @Override
    public void repaired() {
        lostRows = false;
    }

    /** What kill -9 leaves: the entries the last fsync covered. */
    void crash() {
        entries.subList(durable, entries.size()).clear();
        killAtNextSync = false;
    }

    /** The next {@link #sync} kills the replica instead: its rows were written, but never reached the disk. */
    void killAtNextSync() {
        killAtNextSync = true;
    }

    void disarmKill() {
        killAtNextSync = false;
    }

    boolean killArmed() {
        return killAtNextSync;
    }

    List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    List<LogEntry> durableEntries() {
        return List.copyOf(entries.subList(0, durable));
    }

    /** A read-only view, valid until the next change: for checks that run after every step. */
    List<LogEntry> view() {
        return Collections.unmodifiableList(entries);
    }

    /** What {@code order_log_<id>.csv} would hold: read-only, valid until the next change. */
    List<LogEntry> publishedView() {
        return Collections.unmodifiableList(published);
    }

    List<LogEntry> durableView() {
        return Collections.unmodifiableList(entries.subList(0, durable));
    }

    /** Thrown from {@link #sync} when the replica is killed between writing and fsync. */
    static final class KilledBeforeSync extends RuntimeException {
        KilledBeforeSync() {
            super("killed between write and fsync", null, false, false);
        }
    }
}
