package org.stockbazaar.order.replication;

import java.util.List;
import java.util.function.Predicate;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;

/**
 * Makes this replica's log equal to a source replica's log, in batches: find the last entry both logs share
 * (stepping back past a tail that a newer epoch replaced, farther each time), drop everything after it, then copy
 * the source's entries. Used by a restarting replica and by a candidate that must adopt the most up-to-date log.
 */
final class SyncUp {

    static final int BATCH = 10_000;

    private final int requesterId;
    private final OrderLog log;
    private final Predicate<FetchReply> applies;
    private long cursor;
    private long step = 1;
    private long sourceLogEpoch;
    private boolean done;
    private boolean complete;
    private long committedThrough = -1;
    private long committedEpoch;

    /**
     * @param sourceLastIndex the source's last index as reported by its status or promise
     * @param applies         whether a reply may still change this log, asked as it arrives: the replica keeps
     *                        handling appends and elections while the fetches are under way
     */
    SyncUp(int requesterId, OrderLog log, long sourceLastIndex, Predicate<FetchReply> applies) {
        this.requesterId = requesterId;
        this.log = log;
        this.applies = applies;
        this.cursor = Math.min(log.lastIndex(), sourceLastIndex);
    }

    Fetch nextFetch() {
        // a late append of a new leader may have cut this log's tail below the cursor since the last reply
        cursor = Math.min(cursor, log.lastIndex());
        return new Fetch(requesterId, cursor, log.epochAt(cursor), BATCH);
    }

    /** Applies a reply to the last {@link #nextFetch()}; returns true once the log equals the source's. */
    boolean onReply(FetchReply reply) {
        if (!applies.test(reply)) {
            // this replica has moved on since the sync-up began (it stands for election or leads, or a leader newer
            // than the source replicated to it): what it holds now may count towards a commit, and the source's
            // entries must not replace it
            done = true;
            return true;
        }
        if (!reply.match()) {
            cursor = Math.max(-1, cursor - step);
            step *= 2;
            return false;
        }
        // Entries this log already holds with the same epoch stay: a leader may have appended (and counted) them
        // while this fetch was under way. Only a conflicting entry and what follows it go.
        long index = cursor;
        List<LogEntry> fetched = reply.entries();
        for (int i = 0; i < fetched.size(); i++) {
            index++;
            if (index <= log.lastIndex() && log.epochAt(index) == fetched.get(i).epoch()) {
                continue;
            }
            if (index <= log.lastIndex()) {
                log.truncateAfter(index - 1);
            }
            log.append(fetched.subList(i, fetched.size()));
            index = cursor + fetched.size();
            break;
        }
        boolean reachedSourceEnd = index >= reply.lastIndex();
        if (reachedSourceEnd && log.lastIndex() > index && log.epochAt(index + 1) != reply.logEpoch()) {
            // beyond the source's end, from another epoch than the source's: an uncommitted tail a newer epoch dropped
            log.truncateAfter(index);
        }
        log.sync();
        // this log now equals the source's up to index, and the source's up to reply.committed() is committed
        long through = Math.min(reply.committed(), index);
        if (through > committedThrough) {
            committedThrough = through;
            committedEpoch = log.epochAt(through);
        }
        cursor = index;
        sourceLogEpoch = reply.logEpoch();
        done = reachedSourceEnd;
        complete = reachedSourceEnd;
        return done;
    }

    boolean done() {
        return done;
    }

    /** The last index known committed from the source's replies, and its epoch here when fetched. */
    long committedThrough() {
        return committedThrough;
    }

    long committedEpoch() {
        return committedEpoch;
    }

    /** Done because this log reached the source's end (not because the replica moved on): it equals the source's. */
    boolean complete() {
        return complete;
    }

    /** The source's log epoch: once done, this log is a prefix of that epoch's leader's log, as the source's was. */
    long sourceLogEpoch() {
        return sourceLogEpoch;
    }
}
