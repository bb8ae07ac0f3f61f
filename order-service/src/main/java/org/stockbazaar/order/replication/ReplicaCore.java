package org.stockbazaar.order.replication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.AppendReply.Outcome;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Role;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.support.trade.Trade;

/**
 * One replica's protocol decisions, as described in docs/replication.md: what to promise, what to append, what to
 * truncate, when an entry is committed. No I/O besides its {@link OrderLog} and {@link ReplicaState.Store}, no
 * threads, no clock: the caller delivers messages one at a time (it holds a lock) and carries the returned messages
 * over whatever network it has, which lets tests run three cores over a simulated one.
 *
 * <p>One class, since the protocol's safety rests on decisions that read and write the same few fields (promised
 * epoch, log epoch, commit index, each follower's match index) in one step; split, the invariants in
 * docs/replication.md would span classes. The threads and calls around it are the runtime's, beside it in this
 * package ({@link Replica} and the roles it is made of); the core is visible to them only.
 */
final class ReplicaCore {

    private final int id;
    private final List<Integer> peers;
    private final int majority;
    private final OrderLog log;
    private final ReplicaState.Store store;
    private ReplicaState state;
    private Role role = Role.FOLLOWER;
    private int leaderId;
    private boolean ready;
    private LeaderState leader;
    private long candidateEpoch;
    /**
     * The last index known committed here: every later leader's log holds this log's entries up to it. Only ever
     * grows; starts from what {@code order_log} published before a restart.
     */
    private long committed;
    /**
     * The log lost rows it may have acknowledged (damage): like a replica that lost its disk, it must not promise,
     * vote or lead (the election argument needs every promiser to hold what it acknowledged) until a sync-up from
     * a leader gave it the leader's whole log, which holds every committed entry.
     */
    private boolean catchingUp;
    /**
     * No state was ever saved (a new replica, or one that lost its disk): it may have promised an epoch it no
     * longer knows, so it acknowledges nothing until it has learnt the newest epoch from enough peers
     * ({@link #planSyncUp}), and it is catching up as after damage.
     */
    private boolean stateUnknown;

    ReplicaCore(int id, List<Integer> peers, OrderLog log, ReplicaState.Store store) {
        this.id = id;
        this.peers = List.copyOf(peers);
        this.majority = (peers.size() + 1) / 2 + 1;
        this.log = log;
        this.store = store;
        this.state = store.load();
        this.committed = log.committedIndex();
        this.stateUnknown = !store.exists();
        this.catchingUp = log.lostRows() || stateUnknown;
    }

    // ---------------------------------------------------------------- any replica

    Status status() {
        return new Status(id, role, leaderId, state.promisedEpoch(), state.logEpoch(), log.lastIndex(),
                role == Role.LEADER ? leader.commitIndex() : -1, ready);
    }

    PrepareReply onPrepare(Prepare prepare) {
        if (prepare.epoch() <= state.promisedEpoch() || catchingUp) {
            return new PrepareReply(id, false, state.promisedEpoch(), state.logEpoch(), log.lastIndex());
        }
        save(new ReplicaState(prepare.epoch(), state.logEpoch()));
        if (prepare.candidateId() != id) {
            stepDown(0);
        }
        return new PrepareReply(id, true, state.promisedEpoch(), state.logEpoch(), log.lastIndex());
    }

    FetchReply onFetch(Fetch fetch) {
        if (catchingUp) {
            // what it promised (or acknowledged) before the damage may be gone: a candidate must not take this log
            throw new CatchingUpException(id);
        }
        if (fetch.prevIndex() > log.lastIndex() || log.epochAt(fetch.prevIndex()) != fetch.prevEpoch()) {
            return new FetchReply(id, false, List.of(), log.lastIndex(), state.logEpoch(), -1, leaderEpoch());
        }
        return new FetchReply(id, true, log.range(fetch.prevIndex() + 1, fetch.max()), log.lastIndex(),
                state.logEpoch(), Math.min(committed, log.lastIndex()), leaderEpoch());
    }

    private long leaderEpoch() {
        return role == Role.LEADER ? state.promisedEpoch() : -1;
    }

    AppendReply onAppend(Append append) {
        if (stateUnknown) {
            // whatever it promised before its state was lost is unknown: it must not help any leader commit yet
            throw new CatchingUpException(id);
        }
        if (append.epoch() < state.promisedEpoch()) {
            return reply(Outcome.STALE_EPOCH, -1);
        }
        if (append.leaderId() != id) {
            stepDown(append.leaderId());
        }
        if (append.prevIndex() > log.lastIndex() || log.epochAt(append.prevIndex()) != append.prevEpoch()) {
            save(new ReplicaState(append.epoch(), state.logEpoch()));
            return reply(Outcome.MISMATCH, -1);
        }
        List<LogEntry> entries = append.entries();
        long end = append.prevIndex() + entries.size();
        for (int i = 0; i < entries.size(); i++) {
            long index = append.prevIndex() + 1 + i;
            if (index > log.lastIndex()) {
                log.append(entries.subList(i, entries.size()));
                break;
            }
            if (log.epochAt(index) != entries.get(i).epoch()) {
                // a tail from an older epoch that this leader replaced: it was never committed
                log.truncateAfter(index - 1);
                log.append(entries.subList(i, entries.size()));
                break;
            }
        }
        // Only a follower holding the leader's whole history may call its log that of the leader's epoch: a log
        // holding part of it must not outrank a complete log of an older epoch in the next election.
        boolean holdsHistory = end >= append.historyEnd();
        if (holdsHistory && state.logEpoch() < append.epoch() && log.lastIndex() > end) {
            // first time in step with this leader: whatever lies beyond its log is an older epoch's uncommitted tail
            log.truncateAfter(end);
        }
        log.sync();
        save(new ReplicaState(append.epoch(), holdsHistory ? append.epoch() : state.logEpoch()));
        if (holdsHistory) {
            // this log equals the leader's up to end, so its entries up to min(leaderCommit, end) are committed; taken
            // only with the leader's epoch as log epoch: no sync-up from an older leader may then cut them
            learnCommitted(Math.min(append.leaderCommit(), end));
        }
        ready = !catchingUp;
        return reply(Outcome.APPENDED, end);
    }

    /** The request id's entry, if this replica's log holds one. */
    OptionalLong indexOf(String requestId) {
        return log.indexOf(requestId);
    }

    Optional<LogEntry> entry(long number) {
        return number >= 0 && number <= log.lastIndex() ? Optional.of(log.get(number)) : Optional.empty();
    }

    // ---------------------------------------------------------------- sync-up after a (re)start

    /**
     * A starting replica is not ready until it has heard from a majority (itself included) and, if one of them
     * leads, copied the leader's log: the leader's log holds every committed entry, so whatever this replica holds
     * beyond or against it was never committed. A leader of an older log epoch than this replica's is no source.
     */
    SyncPlan planSyncUp(List<Status> peerStatuses) {
        return planSyncUp(peerStatuses, false);
    }

    /**
     * As {@link #planSyncUp(List)}; first, a replica with no state learns where the cluster stands. It needs the
     * answers of a majority of its <em>peers</em> (itself not counted: it remembers nothing), as Viewstamped
     * Replication's recovery does: any epoch it promised before losing its state was promised to a candidate that
     * promised it too, and every majority of peers holds the candidate or another promiser, so the newest epoch they
     * report is at least that one. It adopts that epoch (durably) and then catches up from a leader like a damaged
     * log. Only if every peer answers and none has ever held an order or an epoch, and {@code newCluster} allows it,
     * does it start a new cluster instead: there is nothing anywhere to lose.
     */
    SyncPlan planSyncUp(List<Status> peerStatuses, boolean newCluster) {
        if (stateUnknown) {
            // a majority's worth of peers (all of them in a cluster of three; none for a replica on its own)
            if (peerStatuses.size() < Math.min(majority, peers.size())) {
                return new SyncPlan(false, null, 0);
            }
            boolean clusterIsNew = peerStatuses.size() == peers.size() && log.lastIndex() < 0
                    && peerStatuses.stream().allMatch(peer -> peer.promisedEpoch() == 0 && peer.lastIndex() < 0);
            if (clusterIsNew && !newCluster) {
                return new SyncPlan(false, null, 0);
            }
            long newest = peerStatuses.stream().mapToLong(Status::promisedEpoch).max().orElse(0);
            save(new ReplicaState(newest, 0));
            stateUnknown = false;
            catchingUp = !clusterIsNew || log.lostRows();
        }
        if (peerStatuses.size() + 1 < majority) {
            return new SyncPlan(false, null, 0);
        }
        // a log that lost rows needs a leader's log: without a leader it waits (and does not vote meanwhile)
        return peerStatuses.stream()
                .filter(this::canSyncFrom)
                .max(Comparator.comparingLong(Status::promisedEpoch))
                .map(leaderStatus -> new SyncPlan(true, new SyncUp(id, log, leaderStatus.lastIndex(),
                        reply -> role == Role.FOLLOWER && isSourceFor(reply.leaderEpoch(), reply.logEpoch())),
                        leaderStatus.id()))
                .orElse(new SyncPlan(!catchingUp, null, 0));
    }

    /** Whether a sync-up at start may copy the log of the peer whose status this is (see {@link #isSourceFor}). */
    boolean canSyncFrom(Status peer) {
        return peer.role() == Role.LEADER && isSourceFor(peer.promisedEpoch(), peer.logEpoch());
    }

    /**
     * Whether a replica that leads {@code leaderEpoch} (as it answers, not as planned: the planned source may have
     * restarted as a follower with a shorter log since) and holds a log of {@code sourceLogEpoch} may be copied. Only
     * the leader of an epoch at least the newest this replica promised holds every committed entry this replica may
     * have held and acknowledged: a deposed leader, or a follower, may lack some, and copying from it would let this
     * replica (repaired, or cutting a tail) help a later election lose them.
     */
    private boolean isSourceFor(long leaderEpoch, long sourceLogEpoch) {
        return leaderEpoch >= 0 && leaderEpoch >= state.promisedEpoch() && sourceLogEpoch >= state.logEpoch();
    }

    /** @param possible false without a majority to ask; {@code syncUp} null when there is no leader to copy */
    record SyncPlan(boolean possible, SyncUp syncUp, int sourceId) {
    }

    /**
     * After a finished sync-up (or when there was nothing to fetch): the replica is ready, and true is returned. A
     * replica whose log lost rows is ready only once the sync-up copied a leader's whole log; else false: sync again.
     */
    boolean syncedUp(SyncUp finished) {
        if (catchingUp) {
            if (finished == null || !finished.complete()) {
                return false;
            }
            catchingUp = false;
            log.repaired();
        }
        if (finished != null && finished.sourceLogEpoch() > state.logEpoch()) {
            save(new ReplicaState(Math.max(state.promisedEpoch(), finished.sourceLogEpoch()),
                    finished.sourceLogEpoch()));
        }
        if (finished != null && finished.complete()) {
            // the source's commit knowledge, as far as this log still holds the entry it had there when fetched (same
            // index and epoch: the same prefix); taken with the source's log epoch, as an append's is
            long through = finished.committedThrough();
            if (through >= 0 && through <= log.lastIndex() && log.epochAt(through) == finished.committedEpoch()) {
                learnCommitted(through);
            }
        }
        ready = true;
        return true;
    }

    /** True while the log lacks rows it lost to damage, or its state was lost (see {@link #syncedUp}). */
    boolean catchingUp() {
        return catchingUp;
    }

    /** True while this replica has no state and has not yet learnt the cluster's epoch from its peers. */
    boolean stateUnknown() {
        return stateUnknown;
    }

    boolean ready() {
        return ready;
    }

    // ---------------------------------------------------------------- becoming leader

    /**
     * Of the peers' statuses, the one that leads in an epoch no older than any this replica promised, if any: asked to
     * lead, this replica defers to it instead of deposing it. A front end asks for an election when it cannot reach
     * the leader, which may be its own problem; with several front ends that see different replicas as down, each
     * would otherwise depose the other's leader in turn. A leader this replica reaches has a majority with it (of
     * three), so deferring costs no availability. A peer whose status says it leads in an older epoch has been
     * deposed without hearing of it yet.
     */
    Optional<Status> leaderToDeferTo(List<Status> peerStatuses) {
        return peerStatuses.stream()
                .filter(peer -> peer.role() == Role.LEADER && peer.promisedEpoch() >= state.promisedEpoch())
                .max(Comparator.comparingLong(Status::promisedEpoch));
    }

    /** Promises a new epoch to itself; send the returned message to every peer. */
    Prepare startElection(long atLeast) {
        if (catchingUp) {
            throw new NotLeaderException(leaderId);
        }
        candidateEpoch = Math.max(atLeast, Math.max(state.promisedEpoch(), state.logEpoch()) + 1);
        save(new ReplicaState(candidateEpoch, state.logEpoch()));
        role = Role.CANDIDATE;
        leaderId = 0;
        leader = null;
        return new Prepare(candidateEpoch, id);
    }

    /**
     * True if the promises in {@code replies}, with this replica's own, make a majority: then the election needs no
     * other peer's answer, because any majority holds every committed entry. Reads only the cluster's size, so an
     * adapter may ask it from any thread while the answers come in.
     */
    boolean promisedByMajority(List<PrepareReply> replies) {
        return replies.stream().filter(PrepareReply::promised).count() + 1 >= majority;
    }

    /**
     * Given the peers' answers, either fails (no majority promised), or tells whose log to adopt: the most up to
     * date among the promisers and this replica, ordered by (log epoch, last index).
     */
    Election onPrepareReplies(List<PrepareReply> replies) {
        long highestSeen = replies.stream().mapToLong(PrepareReply::promisedEpoch).max().orElse(0);
        if (role != Role.CANDIDATE || state.promisedEpoch() != candidateEpoch) {
            return Election.failed(Math.max(highestSeen, state.promisedEpoch()) + 1);
        }
        if (!promisedByMajority(replies)) {
            stepDown(0);
            return Election.failed(highestSeen + 1);
        }
        List<PrepareReply> promisers = new ArrayList<>(replies.stream().filter(PrepareReply::promised).toList());
        promisers.add(new PrepareReply(id, true, candidateEpoch, state.logEpoch(), log.lastIndex()));
        PrepareReply best = promisers.stream().max(Comparator.comparingLong(PrepareReply::logEpoch)
                .thenComparingLong(PrepareReply::lastIndex)
                .thenComparing(reply -> reply.replicaId() == id)).orElseThrow();
        long epoch = candidateEpoch;
        return best.replicaId() == id
                ? Election.won(null, 0)
                : Election.won(new SyncUp(id, log, best.lastIndex(),
                        reply -> role == Role.CANDIDATE && state.promisedEpoch() == epoch), best.replicaId());
    }

    /** Completes an election whose history is in place: from now on this replica takes trades. */
    void becomeLeader() {
        // a history ending in a newer epoch than ours came from a replica that has moved on: we could never commit
        if (role != Role.CANDIDATE || state.promisedEpoch() != candidateEpoch
                || log.epochAt(log.lastIndex()) > candidateEpoch) {
            throw new NotLeaderException(leaderId);
        }
        log.sync();
        save(new ReplicaState(candidateEpoch, candidateEpoch));
        role = Role.LEADER;
        leaderId = id;
        leader = new LeaderState(peers, log.lastIndex(), majority);
        ready = true;
    }

    // ---------------------------------------------------------------- leading

    boolean isLeader() {
        return role == Role.LEADER;
    }

    long epoch() {
        return state.promisedEpoch();
    }

    /**
     * Appends new orders (not yet durable, not yet committed) in one write, with consecutive transaction numbers,
     * and returns them as logged.
     */
    List<LogEntry> appendAsLeader(List<Trade> orders) {
        requireLeader();
        List<LogEntry> entries = new ArrayList<>(orders.size());
        for (Trade order : orders) {
            entries.add(new LogEntry(log.lastIndex() + 1 + entries.size(), state.promisedEpoch(), order));
        }
        log.append(entries);
        return entries;
    }

    /** Records that this leader's own log is durable up to {@code index} (after the caller's fsync). */
    void ownDurable(long index) {
        if (role == Role.LEADER) {
            leader.ownDurable(index);
            learnCommitted(leader.publishable());
        }
    }

    /**
     * The same, for an fsync done outside the caller's lock while this replica led {@code epoch}: ignored if it no
     * longer leads that epoch (a later term's log may hold other, unsynced entries at those numbers).
     */
    void ownDurable(long index, long epoch) {
        if (role == Role.LEADER && state.promisedEpoch() == epoch) {
            leader.ownDurable(index);
            learnCommitted(leader.publishable());
        }
    }

    /** Syncs the log; returns the durable index. */
    long syncLog() {
        return log.sync();
    }

    /** The next batch for a follower: everything from its next index on, possibly nothing (a probe). */
    Append appendFor(int follower, int max) {
        requireLeader();
        long next = leader.next(follower);
        return new Append(state.promisedEpoch(), id, next - 1, log.epochAt(next - 1), log.range(next, max),
                leader.historyEnd(), Math.min(committed, log.lastIndex()));
    }

    /**
     * Whether the follower needs an append: it lacks entries this leader holds, or it has not yet confirmed that
     * its log matches this leader's up to where the leader will send next (after an election, a probe with no
     * entries establishes that, and so commits the history the new leader took over).
     */
    boolean hasEntriesFor(int follower) {
        return role == Role.LEADER
                && (leader.next(follower) <= log.lastIndex() || leader.match(follower) < leader.next(follower) - 1);
    }

    /**
     * For a follower that lacks no entry: whether it holds committed entries it has not been told of (an append,
     * possibly empty, tells it), or entries whose commit is still to come.
     */
    CommitNotice commitNoticeFor(int follower) {
        if (role != Role.LEADER) {
            return CommitNotice.NONE;
        }
        long holds = leader.match(follower);
        long told = leader.told(follower);
        if (holds < leader.historyEnd() || holds <= told) {
            return CommitNotice.NONE;
        }
        return Math.min(committed, holds) > told ? CommitNotice.DUE : CommitNotice.WAITING;
    }

    void onAppendReply(Append sent, AppendReply reply) {
        if (reply.outcome() == Outcome.STALE_EPOCH) {
            if (reply.promisedEpoch() > state.promisedEpoch()) {
                save(new ReplicaState(reply.promisedEpoch(), state.logEpoch()));
                stepDown(0);
            }
            return;
        }
        if (role != Role.LEADER || sent.epoch() != state.promisedEpoch()) {
            return;
        }
        if (reply.outcome() == Outcome.APPENDED) {
            leader.appended(reply.replicaId(), reply.matchIndex());
            leader.told(reply.replicaId(), Math.min(sent.leaderCommit(), reply.matchIndex()));
            learnCommitted(leader.publishable());
        } else {
            leader.mismatched(reply.replicaId(), reply.lastIndex());
        }
    }

    /**
     * How many of this leader's entries the follower is not known to hold durably (its whole log until its first
     * answer in this epoch), or -1 if this replica does not lead. A read for the lag gauges; changes nothing.
     */
    long lagOf(int follower) {
        return role == Role.LEADER ? log.lastIndex() - Math.max(leader.match(follower), -1) : -1;
    }

    /** Entries up to here are held by a majority in this epoch: they will survive any single crash. */
    long commitIndex() {
        return role == Role.LEADER ? leader.commitIndex() : -1;
    }

    int id() {
        return id;
    }

    int leaderId() {
        return leaderId;
    }

    List<Integer> peers() {
        return peers;
    }

    /** {@link NotLeaderException} unless this replica leads. */
    void requireLeader() {
        if (role != Role.LEADER) {
            throw new NotLeaderException(leaderId);
        }
    }

    /** {@link NotLeaderException} unless this replica leads {@code epoch}. */
    void requireLeaderOf(long epoch) {
        if (role != Role.LEADER || state.promisedEpoch() != epoch) {
            throw new NotLeaderException(leaderId);
        }
    }

    private void stepDown(int newLeader) {
        role = Role.FOLLOWER;
        leader = null;
        leaderId = newLeader;
    }

    /**
     * Commit knowledge only moves forward, and only over entries this log holds durably (a leader publishes what is
     * durable on it too, a follower learns after its fsync); it counts what the log could publish.
     */
    private void learnCommitted(long index) {
        if (index > committed) {
            log.commit(index);
            committed = Math.max(committed, log.committedIndex());
        }
    }

    private AppendReply reply(Outcome outcome, long matchIndex) {
        return new AppendReply(id, outcome, matchIndex, log.lastIndex(), state.promisedEpoch());
    }

    private void save(ReplicaState next) {
        if (!next.equals(state)) {
            store.save(next);
            state = next;
        }
    }

    /** What an election's prepare round decided. */
    record Election(boolean won, SyncUp syncFrom, int sourceId, long retryEpoch) {

        static Election failed(long retryEpoch) {
            return new Election(false, null, 0, retryEpoch);
        }

        static Election won(SyncUp syncFrom, int sourceId) {
            return new Election(true, syncFrom, sourceId, 0);
        }
    }
}
