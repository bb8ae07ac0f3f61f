package org.stockbazaar.order.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;

/**
 * Elections, both sides. Standing: on the front end's request, this replica first looks at its peers and defers to
 * one that leads in a current epoch (it names that leader instead of deposing it); otherwise it asks its peers to
 * promise a new epoch, adopts the most up-to-date log among the promisers if it is not its own, becomes leader, and
 * answers once the history it took over is committed; up to three rounds, each at an epoch above the highest it was
 * refused with. Answering: a peer's prepare is promised or refused as {@link ReplicaCore} decides.
 */
final class LeaderElection {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
    private static final int ATTEMPTS = 3;

    private final int id;
    private final String me;
    private final ReplicaCore core;
    private final OrderLog orderLog;
    private final AppendPacing pacing;
    private final FollowerLag lag;
    private final ReplicaLock lock;
    private final Peers peers;
    private final LogCopy copy;
    private final PendingCommits commits;
    /** One election at a time on this replica. */
    private final Object electionLock = new Object();
    private final Counter started;
    private final Counter won;
    private final Counter deferred;

    LeaderElection(String me, ReplicaCore core, OrderLog orderLog, AppendPacing pacing, FollowerLag lag,
            ReplicaLock lock, Peers peers, LogCopy copy, PendingCommits commits, MeterRegistry meters) {
        this.id = core.id();
        this.me = me;
        this.core = core;
        this.orderLog = orderLog;
        this.pacing = pacing;
        this.lag = lag;
        this.lock = lock;
        this.peers = peers;
        this.copy = copy;
        this.commits = commits;
        this.started = Counter.builder("bazaar.elections.started")
                .description("elections this replica ran as candidate").register(meters);
        this.won = Counter.builder("bazaar.elections.won")
                .description("elections this replica won (it led afterwards)").register(meters);
        this.deferred = Counter.builder("bazaar.elections.deferred")
                .description("requests to lead answered with a sitting leader, without an election").register(meters);
    }

    /** A candidate's prepare: promised or refused. */
    PrepareReply answer(Prepare prepare) {
        PrepareReply reply = lock.change(() -> core.onPrepare(prepare));
        log.info("{}Prepare for epoch {} from replica {}: {}", me, prepare.epoch(), prepare.candidateId(),
                reply.promised() ? "promised" : "refused, promised " + reply.promisedEpoch());
        return reply;
    }

    /** See {@link Replica#lead}. */
    Leadership lead() {
        synchronized (electionLock) {
            if (lock.read(core::isLeader)) {
                return new Leadership(id, lock.read(core::epoch));
            }
            List<Status> peerStatuses = peers.probeAll();
            Optional<Status> sitting = lock.read(() -> core.leaderToDeferTo(peerStatuses));
            if (sitting.isPresent()) {
                log.info("{}Asked to lead, but replica {} leads in epoch {}: deferring to it", me, sitting.get().id(),
                        sitting.get().promisedEpoch());
                deferred.increment();
                return new Leadership(sitting.get().id(), sitting.get().promisedEpoch());
            }
            try {
                return new Leadership(id, stand());
            } catch (NotLeaderException e) {
                // another candidate won while this one stood, or this replica began catching up
                throw new NoMajorityException("replica " + id + " could not lead: " + e.getMessage());
            }
        }
    }

    /** Up to three prepare rounds; the epoch it leads in once the history it took over is committed. */
    private long stand() {
        long atLeast = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long retryAt = atLeast;
            Prepare prepare = lock.change(() -> core.startElection(retryAt));
            started.increment();
            List<PrepareReply> replies = peers.prepareAll(prepare, core::promisedByMajority);
            ReplicaCore.Election election = lock.change(() -> core.onPrepareReplies(replies));
            if (!election.won()) {
                atLeast = election.retryEpoch();
                continue;
            }
            if (election.syncFrom() != null) {
                log.info("{}Starting syncup from replica {} before leading", me, election.sourceId());
                copy.copyFrom(election.sourceId(), election.syncFrom());
            }
            long history = lock.change(() -> {
                core.becomeLeader();
                pacing.reset();
                lag.reset();
                lag.grew(core.peers(), System.nanoTime());
                return orderLog.lastIndex();
            });
            long epoch = prepare.epoch();
            log.info("{}Leading in epoch {} with {} orders in the log", me, epoch, history + 1);
            if (!commits.awaitCommit(history, epoch)) {
                throw NoMajorityException.forHistory(id);
            }
            won.increment();
            return epoch;
        }
        throw NoMajorityException.toLead(id);
    }
}
