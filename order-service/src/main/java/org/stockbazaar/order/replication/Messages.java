package org.stockbazaar.order.replication;

import java.util.List;

/** The replication protocol's messages (see docs/replication.md). Sent as JSON over HTTP by the adapters. */
public final class Messages {

    private Messages() {
    }

    /** A candidate asks for a promise to refuse every epoch below {@code epoch}. */
    public record Prepare(long epoch, int candidateId) {
    }

    /** @param promised true if the promise was given; else {@code promisedEpoch} is the higher promise held */
    public record PrepareReply(int replicaId, boolean promised, long promisedEpoch, long logEpoch, long lastIndex) {
    }

    /** A syncing replica asks for the entries after {@code prevIndex}, if the peer's entry there has {@code prevEpoch}. */
    public record Fetch(int requesterId, long prevIndex, long prevEpoch, int max) {
    }

    /**
     * @param match       false if the peer's log differs at {@code prevIndex}: step back and ask again
     * @param committed   the last index the peer knows committed (its published rows)
     * @param leaderEpoch the epoch the peer leads as it answers, -1 if it does not lead: a replica syncing up at
     *                    start copies only from a leader of the newest epoch it knows ({@code ReplicaCore.planSyncUp})
     */
    public record FetchReply(int replicaId, boolean match, List<LogEntry> entries, long lastIndex, long logEpoch,
            long committed, long leaderEpoch) {
    }

    /**
     * The leader's entries for a follower, after {@code prevIndex} (whose epoch must be {@code prevEpoch}).
     * {@code historyEnd} is the last index of the history the leader took over when it was elected: a follower
     * takes the leader's epoch as its log epoch only once it holds that whole history. {@code leaderCommit} is the
     * last index the leader knows committed: the follower publishes its entries up to there, as far as its log
     * matches the leader's.
     */
    public record Append(long epoch, int leaderId, long prevIndex, long prevEpoch, List<LogEntry> entries,
            long historyEnd, long leaderCommit) {
    }

    /**
     * @param outcome    what the follower did
     * @param matchIndex on {@code APPENDED}: the follower durably holds the leader's log up to here
     * @param lastIndex  the follower's last index (a hint for the leader's step back on {@code MISMATCH})
     * @param promisedEpoch the follower's promise (on {@code STALE_EPOCH}: why the leader is deposed)
     */
    public record AppendReply(int replicaId, Outcome outcome, long matchIndex, long lastIndex, long promisedEpoch) {

        public enum Outcome { APPENDED, MISMATCH, STALE_EPOCH }
    }

    /** What the front end reads to choose a leader. */
    public record Status(int id, Role role, int leaderId, long promisedEpoch, long logEpoch, long lastIndex,
            long commitIndex, boolean ready) {
    }

    public enum Role { FOLLOWER, CANDIDATE, LEADER }
}
