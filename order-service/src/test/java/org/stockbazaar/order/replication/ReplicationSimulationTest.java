package org.stockbazaar.order.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.SimulatedNetwork.Envelope;
import org.stockbazaar.order.replication.SimulatedNetwork.StatusRequest;
import org.stockbazaar.order.replication.SimulatedNetwork.Trade;
import org.stockbazaar.support.trade.TradeType;

/**
 * Three replica cores over a simulated network (no sockets, no threads): named crash and loss scenarios, then seeded
 * random fault schedules. Every scenario ends the same way: once the faults end and the replicas have synced up,
 * their logs are identical, every acknowledged order is at its number in every log, numbers have no gap and no
 * request id is logged twice.
 */
class ReplicationSimulationTest {

    /** Larger than any log here: every append carries everything the follower lacks, as production's 5000 does. */
    private static final int WHOLE_LOG = 1_000;

    @Test
    void leaderCrashMidReplicationLosesNoAcknowledgedOrder() {
        SimulatedNetwork net = SimulatedNetwork.started(1, WHOLE_LOG);
        lead(net, 3);
        Trade first = net.submit(3);
        Trade second = net.submit(3);
        net.settle();

        Trade onTwoReplicas = net.submit(3);
        onTwoReplicas.sync();
        net.replicate(3, 2);
        Trade onTheLeaderOnly = net.submit(3);
        onTheLeaderOnly.sync();
        Trade neverSynced = net.submit(3);
        net.crash(3);

        assertThat(List.of(first, second, onTwoReplicas)).allMatch(Trade::acknowledged);
        assertThat(List.of(onTheLeaderOnly, neverSynced)).allMatch(Trade::failed);
        assertThat(net.durableLog(3)).extracting(LogEntry::requestId).containsExactly(first.requestId(),
                second.requestId(), onTwoReplicas.requestId(), onTheLeaderOnly.requestId());

        lead(net, 2);
        assertThat(net.log(2)).extracting(LogEntry::requestId).containsExactly(first.requestId(),
                second.requestId(), onTwoReplicas.requestId());
        Trade afterFailover = net.submit(2);
        Trade retried = net.submit(2, onTheLeaderOnly.requestId());
        net.settle();
        assertThat(List.of(afterFailover, retried)).allMatch(Trade::acknowledged);

        net.restart(3);
        net.settle();

        // replica 3's durable but uncommitted #3 (an epoch-1 entry) gave way to the new leader's #3
        assertThat(net.log(3)).isEqualTo(net.log(2));
        assertThat(net.log(3).get(3).requestId()).isEqualTo(afterFailover.requestId());
        assertThat(net.log(3)).extracting(LogEntry::requestId).doesNotContain(neverSynced.requestId());
        assertHealsConsistently(net);
    }

    /**
     * Issue 20's example: an order committed on the leader and one follower; the leader goes down and that
     * follower's disk is replaced. It and the lagging third replica are a majority by count; were the empty one to
     * promise, the lagging one would lead and the order would be lost. It recovers only from a leader, once the old
     * leader is back.
     */
    @Test
    void aReplicaThatLostItsDiskDoesNotVoteUntilItHasRecoveredFromALeader() {
        SimulatedNetwork net = SimulatedNetwork.started(1, WHOLE_LOG);
        Trade committed = committedWhileOneIsDown(net);

        net.crash(3);
        net.crashWithDiskLoss(2);
        net.restart(2);
        net.restart(1);
        net.settle();

        assertThat(net.core(2).stateUnknown()).as("replica 2 cannot learn the epoch from one peer").isTrue();
        assertThat(net.startElection(1)).isTrue();
        net.settle();
        assertThat(net.core(1).isLeader()).as("the lagging replica finds no majority: %s", net.statuses()).isFalse();
        assertThat(net.core(2).ready()).isFalse();

        net.restart(3);
        net.settle();
        lead(net, 3);
        net.settle();
        assertThat(net.core(2).catchingUp()).as("replica 2 recovered: %s", net.statuses()).isFalse();
        assertThat(net.log(2)).extracting(LogEntry::requestId).contains(committed.requestId());
        assertThat(net.log(1)).extracting(LogEntry::requestId).contains(committed.requestId());
        assertHealsConsistently(net);
    }

    /**
     * Found by the simulation (seed 6459442448343025133): an order committed on followers 2 and 3 before leader 1's
     * own fsync; 3 loses its disk and plans to recover from leader 1, but 1 crashes (losing the order it never
     * synced) and restarts as a follower before 3's Fetch reaches it. Copying that shorter log would make 3 count as
     * recovered without the order, and 3 and 1, a majority, could then elect a leader that lacks it (fixed: a
     * starting replica copies only from a replica that, as it answers, leads an epoch at least the newest it knows).
     */
    @Test
    void aReplicaThatLostItsDiskCopiesOnlyFromTheLeaderOfTheNewestEpoch() {
        SimulatedNetwork net = SimulatedNetwork.started(1, WHOLE_LOG);
        lead(net, 1);
        Trade committed = net.submit(1);
        // both followers append and fsync it; the leader's own fsync has not run
        net.replicate(1, 2);
        net.replicate(1, 3);
        assertThat(net.core(1).commitIndex()).isEqualTo(committed.number());

        net.crashWithDiskLoss(3);
        net.restart(3);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(onlyMessage(net, Fetch.class).to()).as("3 recovers from the leader").isEqualTo(1);
        net.crash(1);
        net.restart(1);
        net.deliverAll();

        assertThat(net.core(3).catchingUp()).as("3 took no follower's log: %s", net.statuses()).isTrue();
        net.settle();
        lead(net, 2);
        net.settle();
        assertThat(net.core(3).catchingUp()).as("3 recovered from leader 2: %s", net.statuses()).isFalse();
        for (int id = 1; id <= 3; id++) {
            assertThat(net.log(id)).extracting(LogEntry::requestId).contains(committed.requestId());
        }
        assertHealsConsistently(net);
    }

    /**
     * Found by the simulation: candidate 1 counts replica 2's promise (its log holds a committed order 1 lacks) and
     * fetches the history from 2; before the Fetch arrives, 2 restarts with that order's journal row damaged and
     * dropped. Serving its shortened log would let 1 lead without the order (fixed: a replica missing rows it lost
     * refuses Fetch until a leader's log gave them back).
     */
    @Test
    void aReplicaThatLostRowsToDamageServesNoLogToACandidateThatCountedItsPromise() {
        SimulatedNetwork net = SimulatedNetwork.started(1, WHOLE_LOG);
        Trade committed = committedWhileOneIsDown(net);
        long number = committed.number();
        net.crash(3);
        net.restart(1);
        net.settle();

        net.startElection(1);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(onlyMessage(net, Fetch.class).to()).as("1 adopts 2's longer log").isEqualTo(2);
        net.crashWithDamage(2, (int) number);
        net.restart(2);
        net.deliverAll();

        assertThat(net.core(1).isLeader()).as("no leader without the committed order: %s", net.statuses())
                .isFalse();
        assertThat(net.problems()).isEmpty();
        assertHealsConsistently(net);
        assertThat(net.log(1)).extracting(LogEntry::requestId).contains(committed.requestId());
    }

    @Test
    void onlyCommittedOrdersArePublishedAndAPublishedRowOutlivesTheLeaderThatWroteIt() {
        SimulatedNetwork net = SimulatedNetwork.started(1, WHOLE_LOG);
        lead(net, 3);
        Trade first = net.submit(3);
        net.settle();
        assertThat(first.acknowledged()).isTrue();
        assertThat(List.of(net.published(1), net.published(2), net.published(3)))
                .as("the leader publishes at its commit, the followers once told").allMatch(net.log(3)::equals);

        Trade onTwoReplicas = net.submit(3);
        onTwoReplicas.sync();
        net.sendAppend(3, 2);
        net.deliverAll();
        assertThat(onTwoReplicas.acknowledged()).isTrue();
        assertThat(net.published(3)).hasSize(2);
        assertThat(net.published(2)).as("replica 2 holds #1 but was not yet told it is committed").hasSize(1);
        Trade onTheLeaderOnly = net.submit(3);
        onTheLeaderOnly.sync();
        assertThat(net.durableLog(3)).hasSize(3);
        assertThat(net.published(3)).as("durable on the leader alone: not committed").hasSize(2);
        net.crash(3);

        lead(net, 2);
        Trade afterFailover = net.submit(2);
        net.settle();
        net.restart(3);
        net.settle();

        // #2 is now another order: replica 3 dropped its uncommitted #2 from the journal and never published it
        assertThat(net.log(3).get(2).requestId()).isEqualTo(afterFailover.requestId());
        for (int id : SimulatedNetwork.IDS) {
            assertThat(net.published(id)).as("replica %d", id).isEqualTo(net.log(2));
        }
        assertHealsConsistently(net);
    }

    @Test
    void lostAppendIsRepairedByTheNextOne() {
        SimulatedNetwork net = SimulatedNetwork.started(2, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.settle();

        Trade lostOnTheWayToOne = net.submit(3);
        lostOnTheWayToOne.sync();
        net.sendAppend(3, 1);
        net.drop(onlyMessage(net, Append.class));
        net.replicate(3, 2);
        assertThat(lostOnTheWayToOne.acknowledged()).isTrue();
        assertThat(net.log(1)).hasSize(1);

        Trade next = net.submit(3);
        next.sync();
        net.replicate(3, 1);

        assertThat(net.log(1)).isEqualTo(net.log(3));
        assertThat(next.acknowledged()).isTrue();
        assertHealsConsistently(net);
    }

    @Test
    void newLeaderStepsBackToWhereALaggingFollowerMatches() {
        SimulatedNetwork net = SimulatedNetwork.started(3, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.settle();
        net.cut(3, 1);
        for (int i = 0; i < 4; i++) {
            net.submit(3);
        }
        net.settle();
        net.reconnectAll();
        assertThat(net.log(1)).hasSize(1);

        lead(net, 2);

        assertThat(net.mismatchReplies()).isPositive();
        assertThat(net.log(1)).isEqualTo(net.log(2)).hasSize(5);
        assertHealsConsistently(net);
    }

    @Test
    void restartWithATornTailSyncsBackFromTheLeader() {
        SimulatedNetwork net = SimulatedNetwork.started(4, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.submit(3);
        net.settle();

        net.killAtNextSync(1);
        Trade tornOnOne = net.submit(3);
        tornOnOne.sync();
        net.replicate(3, 1);
        assertThat(net.core(1)).as("replica 1 died between write and fsync").isNull();
        assertThat(net.durableLog(1)).hasSize(2);
        net.settle();
        Trade whileOneIsDown = net.submit(3);
        net.settle();
        assertThat(List.of(tornOnOne, whileOneIsDown)).allMatch(Trade::acknowledged);

        net.restart(1);
        assertThat(net.syncingUp(1)).isTrue();
        net.deliverAll();

        assertThat(net.syncingUp(1)).isFalse();
        assertThat(net.core(1).ready()).isTrue();
        assertThat(net.log(1)).isEqualTo(net.log(3)).hasSize(4);
        assertThat(net.state(1).logEpoch()).isEqualTo(net.core(3).epoch());
        assertHealsConsistently(net);
    }

    @Test
    void deposedLeaderCannotAcknowledge() {
        SimulatedNetwork net = SimulatedNetwork.started(5, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.settle();
        long oldEpoch = net.core(3).epoch();

        net.isolate(3);
        lead(net, 2);
        assertThat(net.core(2).epoch()).isEqualTo(oldEpoch + 1);
        Trade atTheNewLeader = net.submit(2);
        List<Trade> atTheOldLeader = List.of(net.submit(3), net.submit(3), net.submit(3));
        atTheOldLeader.forEach(Trade::sync);
        net.settle();
        assertThat(net.core(3).isLeader()).as("replica 3 has not heard of epoch %d yet", oldEpoch + 1).isTrue();
        assertThat(net.core(3).commitIndex()).isZero();

        net.reconnectAll();
        net.sendAppend(3, 1);
        net.sendAppend(3, 2);
        net.deliverAll();
        assertThat(net.staleEpochReplies()).isEqualTo(2);
        assertThat(net.core(3).isLeader()).isFalse();
        net.settle();

        assertThat(atTheNewLeader.acknowledged()).isTrue();
        assertThat(atTheOldLeader).noneMatch(Trade::acknowledged).allMatch(Trade::failed);
        assertThat(net.log(3)).isEqualTo(net.log(2)).extracting(LogEntry::requestId)
                .doesNotContainAnyElementsOf(atTheOldLeader.stream().map(Trade::requestId).toList());
        assertHealsConsistently(net);
    }

    @Test
    void staleReplicationFromAnOldEpochIsRejected() {
        SimulatedNetwork net = SimulatedNetwork.started(6, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.settle();
        Trade replayed = net.submit(3);
        replayed.sync();
        net.sendAppend(3, 1);
        Append captured = (Append) onlyMessage(net, Append.class).payload();
        net.settle();
        long oldEpoch = net.core(3).epoch();

        lead(net, 2);
        Trade newer = net.submit(2);
        net.settle();
        List<LogEntry> logBefore = net.log(1);
        ReplicaState stateBefore = net.state(1);
        Append forged = new Append(oldEpoch, 3, 0, oldEpoch,
                List.of(new LogEntry(1, oldEpoch,
                        new org.stockbazaar.support.trade.Trade("forged", "BoarCo", TradeType.SELL, 99))), 0, -1);

        AppendReply toReplay = net.core(1).onAppend(captured);
        AppendReply toForgery = net.core(1).onAppend(forged);

        assertThat(List.of(toReplay, toForgery)).allSatisfy(reply -> {
            assertThat(reply.outcome()).isEqualTo(AppendReply.Outcome.STALE_EPOCH);
            assertThat(reply.promisedEpoch()).isEqualTo(oldEpoch + 1);
        });
        assertThat(net.core(1).onPrepare(new Prepare(oldEpoch, 3)).promised()).isFalse();
        assertThat(net.log(1)).isEqualTo(logBefore).extracting(LogEntry::requestId)
                .containsExactly(net.log(2).stream().map(LogEntry::requestId).toArray(String[]::new));
        assertThat(net.log(1).get(2).requestId()).isEqualTo(newer.requestId());
        assertThat(net.state(1)).isEqualTo(stateBefore);
        assertThat(net.core(1).leaderId()).isEqualTo(2);
        assertHealsConsistently(net);
    }

    /**
     * Raft's figure 8, in this protocol's terms: an entry of an old epoch (X) is committed in a later epoch; a replica
     * whose log is longer but from an epoch in between (Y1..Y3) must not win the next election over it.
     */
    @Test
    void figureEightScenarioKeepsCommittedEntries() {
        SimulatedNetwork net = SimulatedNetwork.started(7, WHOLE_LOG);
        lead(net, 1);
        net.submit(1);
        net.submit(1);
        net.settle();

        // epoch 1: X reaches replica 1's disk only
        Trade x = net.submit(1);
        x.sync();
        net.crash(1);

        // epoch 2: replica 2 leads (promised by 3) but its Y1..Y3 reach no one else
        net.startElection(2);
        net.deliverAll();
        assertThat(net.core(2).isLeader()).isTrue();
        net.isolate(2);
        List<Trade> ys = List.of(net.submit(2), net.submit(2), net.submit(2));
        ys.forEach(Trade::sync);
        net.restart(1);
        net.settle();
        net.crash(2);
        net.reconnectAll();
        assertThat(net.state(3).logEpoch()).isEqualTo(1);

        // epoch 3: replica 1's log (with X) is the most up to date of 1 and 3; X is committed, then Z after it
        lead(net, 1);
        Trade xRetried = net.submit(1, x.requestId());
        Trade z = net.submit(1);
        net.settle();
        assertThat(List.of(xRetried, z)).allMatch(Trade::acknowledged);
        assertThat(xRetried.number()).isEqualTo(2);
        net.crash(1);

        // replica 2 comes back with a longer log from epoch 2; with 3 it must adopt 3's epoch-3 log
        net.restart(2);
        net.settle();
        assertThat(net.log(2)).hasSize(5);
        assertThat(net.log(3)).hasSize(4);
        lead(net, 2);

        assertThat(net.log(2)).isEqualTo(net.log(3));
        assertThat(net.log(2).get(2).requestId()).isEqualTo(x.requestId());
        assertThat(net.log(2).get(3).requestId()).isEqualTo(z.requestId());
        assertThat(net.log(2)).extracting(LogEntry::requestId)
                .doesNotContainAnyElementsOf(ys.stream().map(Trade::requestId).toList());
        assertHealsConsistently(net);
    }

    /**
     * Random schedules of 500 steps: trades, lost, late, duplicated and reordered messages, timeouts, partitions
     * (both ways or one way), kills (between steps or between write and fsync, one replica, two at once, or the whole
     * cluster losing power), a replica's disk lost, damaged rows, restarts, elections asked of any live replica that
     * go on at the first majority. After each, the faults end and the replicas heal. Checked after every step: at
     * most one leader per epoch, an acknowledged order stays durable on a majority, logs that agree on an entry agree
     * before it, a leader counts as committed only what a majority holds, published rows are committed and never
     * shrink. Every build runs {@code bazaar.simulation.schedules} schedules (10,000) from a fresh random seed, which
     * it prints, so that builds keep exploring new schedules; {@code -Dbazaar.simulation.seed=S
     * -Dbazaar.simulation.schedules=1} reruns schedule S alone (a failure prints that command), and
     * {@code scripts/simulate.sh} runs a million. One schedule in five sends appends of two entries at most, so that a
     * new leader's history reaches a follower in several batches and elections happen while a follower holds only
     * part of it.
     */
    @Test
    void randomFaultSchedulesKeepTheInvariants() {
        // a fresh seed every build (printed); -Dbazaar.simulation.seed=S starts from schedule S instead
        String given = System.getProperty("bazaar.simulation.seed", "random");
        long first = given.equals("random") ? new SecureRandom().nextLong() >>> 1 : Long.parseLong(given);
        int schedules = Integer.getInteger("bazaar.simulation.schedules", 10_000);
        System.out.printf("ReplicationSimulationTest: %,d random schedules, seeds %d to %d%n", schedules, first,
                first + schedules - 1);
        int acknowledged = 0;
        int leaders = 0;
        for (long seed = first; seed < first + schedules; seed++) {
            SimulatedNetwork net = randomSchedule(seed);

            long failingSeed = seed;
            assertThat(net.problemsAfterHealing())
                    .as(() -> "seed " + failingSeed + " (rerun it alone: ./mvnw -pl order-service test "
                            + "-Dtest=ReplicationSimulationTest#randomFaultSchedulesKeepTheInvariants "
                            + "-Dbazaar.simulation.seed=" + failingSeed + " -Dbazaar.simulation.schedules=1)"
                            + ", last events:\n" + net.trace() + "\nnow:" + net.statuses())
                    .isEmpty();
            acknowledged += net.acknowledged().size();
            leaders += net.leaderOfEpoch().size();
        }
        if (schedules >= 100) {
            // the schedules did trade and fail over, not just idle
            assertThat(acknowledged).isGreaterThan(schedules);
            assertThat(leaders).isGreaterThan(schedules * 2);
        }
    }

    /** Schedule {@code seed}: 500 random steps (one seed in five with appends of two entries), then healing. */
    private static SimulatedNetwork randomSchedule(long seed) {
        SimulatedNetwork net = SimulatedNetwork.started(seed, Math.floorMod(seed, 5) == 0 ? 2 : WHOLE_LOG);
        net.startElection(3);
        for (int step = 0; step < 500 && net.problems().isEmpty(); step++) {
            net.randomStep();
        }
        net.heal();
        return net;
    }

    /**
     * Random schedules that once failed, rerun as they were. 8972195766047695945: a leader cut off from the new
     * leader's election committed an entry at a later fsync and stepped down at the next message; the checker saw
     * its commit only after it, and took the follower's publication of that (committed) entry for one ahead of the
     * commit (fixed in the checker: a later fsync is checked at once, as every message is). 5071605399404380702: a
     * replica whose journal lost rows (log epoch 19) waited for a leader's log while the only replica that believed
     * it led was a deposed one of epoch 18, no source for it; the settling retried that sync-up forever instead of
     * going on to the healing's election, as production's front end does at its next trade (fixed in the settling:
     * a replica catching up retries only when a leader it may copy exists). 6459442448343025133: see
     * {@link #aReplicaThatLostItsDiskCopiesOnlyFromTheLeaderOfTheNewestEpoch}. 8686403702148405976: the healing
     * asked the leader itself to lead again while a replica had promised a newer epoch to a candidate that lost; the
     * leader, with nothing to send, never learnt it, and its epoch stayed behind (fixed in the healing: it asks a
     * replica that does not lead, as production's front end does once a trade finds its leader deposed).
     */
    @ParameterizedTest
    @ValueSource(longs = {8972195766047695945L, 5071605399404380702L, 6459442448343025133L, 8686403702148405976L})
    void randomSchedulesThatOnceFailedStayGreen(long seed) {
        SimulatedNetwork net = randomSchedule(seed);
        assertThat(net.problemsAfterHealing()).as(net::trace).isEmpty();
    }

    // ------------------------------------------------------------------ bugs the simulation found

    /**
     * A restarted replica plans its sync-up from leader 1, but a newer leader (2) replicates an order to it before its
     * Fetch reaches 1, whose log still ends in its uncommitted epoch-1 entries. Applying that stale Fetch reply would
     * replace the acknowledged order with them (fixed: a reply from a source of an older log epoch is not applied).
     */
    @Test
    void syncUpFromADeposedLeaderKeepsWhatANewerLeaderReplicated() {
        SimulatedNetwork net = SimulatedNetwork.started(8, WHOLE_LOG);
        lead(net, 1);
        for (int i = 0; i < 3; i++) {
            net.submit(1);
        }
        net.settle();
        net.crash(3);
        net.submit(1).sync();
        net.submit(1).sync();

        net.restart(3);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(onlyMessage(net, Fetch.class).to()).isEqualTo(1);
        net.cut(1, 2);
        net.startElection(2);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(net.core(2).isLeader()).isTrue();
        Trade atTheNewLeader = net.submit(2);
        atTheNewLeader.sync();
        net.replicate(2, 3);
        assertThat(atTheNewLeader.acknowledged()).isTrue();

        net.deliverAll();

        assertThat(net.problems()).isEmpty();
        assertThat(net.log(3)).isEqualTo(net.log(2));
        net.crash(2);
        assertHealsConsistently(net);
    }

    /**
     * Replica 2 restarts; while its sync-up's Fetch reply is on the way, an append makes it report ready and the front
     * end asks it to lead. The late reply (from 3, which had less) must not cut the new leader's own log: it would
     * then give a second order the number of an acknowledged one (fixed: a sync-up stops once the replica stands for
     * election or leads).
     */
    @Test
    void replicaAskedToLeadBeforeItsSyncUpAnsweredKeepsItsOwnLog() {
        SimulatedNetwork net = SimulatedNetwork.started(9, WHOLE_LOG);
        lead(net, 3);
        net.crash(2);
        Trade first = net.submit(3);
        net.settle();
        net.restart(2);
        net.deliverAll(e -> !(e.payload() instanceof FetchReply));
        net.replicate(3, 2);
        assertThat(net.core(2).ready()).as("an append made it ready").isTrue();
        assertThat(net.syncingUp(2)).isTrue();

        net.startElection(2);
        net.deliverAll(e -> !(e.payload() instanceof FetchReply));
        assertThat(net.core(2).isLeader()).isTrue();
        long epoch = net.core(2).epoch();
        Trade atTwo = net.submit(2);
        atTwo.sync();
        net.replicate(2, 1);
        assertThat(atTwo.acknowledged()).isTrue();

        net.deliverAll();

        assertThat(net.syncingUp(2)).isFalse();
        assertThat(net.core(2).epoch()).isEqualTo(epoch);
        assertThat(net.log(2)).extracting(LogEntry::requestId).containsExactly(first.requestId(),
                atTwo.requestId());
        Trade next = net.submit(2);
        net.settle();
        assertThat(next.acknowledged()).isTrue();
        assertThat(net.problems()).isEmpty();
        assertHealsConsistently(net);
    }

    /**
     * Replica 3 stands for epoch 2 and fetches its history from 2, whose log ends in two uncommitted orders; before
     * the Fetch arrives, 1 wins epoch 3 (promised by 3) and replicates an order to 3. The loser's fetch must not
     * replace that acknowledged order with 2's tail (fixed: a candidate's fetch stops once it no longer stands).
     */
    @Test
    void candidateThatLostMidFetchKeepsWhatTheWinnerReplicated() {
        SimulatedNetwork net = SimulatedNetwork.started(15, WHOLE_LOG);
        lead(net, 2);
        net.submit(2);
        net.settle();
        net.isolate(2);
        net.submit(2).sync();
        net.submit(2).sync();
        net.reconnectAll();

        net.startElection(3);
        // 2 answers first, so the majority 3 goes on with holds 2's longer log; 1's promise comes after
        net.deliverAll(e -> (e.to() == 2 || e.from() == 2) && !(e.payload() instanceof Fetch));
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(onlyMessage(net, Fetch.class).to()).as("3 adopts 2's longer log").isEqualTo(2);
        net.startElection(1);
        dropAll(net, e -> e.payload() instanceof Prepare && e.to() == 2);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(net.core(1).isLeader()).isTrue();
        Trade atTheWinner = net.submit(1);
        atTheWinner.sync();
        net.replicate(1, 3);
        assertThat(atTheWinner.acknowledged()).isTrue();

        net.deliverAll();

        assertThat(net.core(3).isLeader()).isFalse();
        assertThat(net.problems()).isEmpty();
        assertThat(net.log(3)).isEqualTo(net.log(1));
        assertHealsConsistently(net);
    }

    /**
     * Replica 2 leads epoch 2 and has a local, unreplicated order; it does not hear that 3 was elected for epoch 3.
     * Its sync-up from the time it restarted then finds 3 leading: copying 3's log and taking 3's epoch as its own
     * would cut its entry and let it act as a second leader of epoch 3, whose appends 1 accepts (fixed: a sync-up
     * stops once the replica stands for election or leads).
     */
    @Test
    void aLeaderFinishingAnOldSyncUpStaysInItsOwnEpoch() {
        SimulatedNetwork net = SimulatedNetwork.started(10, WHOLE_LOG);
        lead(net, 3);
        net.submit(3);
        net.settle();
        net.crash(2);
        net.restart(2);
        // replica 2's sync-up asks for the others' Status; those calls stay on the way until the end
        Predicate<Envelope> notTwosSyncUp = e -> !(e.payload() instanceof StatusRequest && e.from() == 2
                || e.payload() instanceof Status && e.to() == 2);
        net.submit(3).sync();
        net.replicate(3, 2);
        assertThat(net.core(2).ready()).as("an append made it ready").isTrue();

        net.startElection(2);
        net.deliverAll(notTwosSyncUp);
        assertThat(net.core(2).isLeader()).isTrue();
        long epochOfTwo = net.core(2).epoch();
        net.submit(2).sync();
        net.startElection(3);
        dropAll(net, e -> e.payload() instanceof Prepare && e.to() == 2);
        net.deliverAll(notTwosSyncUp);
        assertThat(net.core(3).isLeader()).isTrue();
        assertThat(net.core(3).epoch()).isGreaterThan(epochOfTwo);

        net.deliverAll();

        assertThat(net.syncingUp(2)).isFalse();
        assertThat(net.core(2).epoch()).isEqualTo(epochOfTwo);
        assertThat(net.log(2)).hasSize(3);
        Trade atTwo = net.submit(2);
        Trade atThree = net.submit(3);
        net.settle();
        assertThat(atTwo.acknowledged()).isFalse();
        assertThat(atThree.acknowledged()).isTrue();
        assertThat(net.problems()).isEmpty();
        assertHealsConsistently(net);
    }

    /**
     * Replica 2 restarts with an uncommitted tail and plans its sync-up from leader 3; a probe 3 sent it earlier
     * arrives late and cuts that tail below the sync-up's cursor, while the Fetch reply says "mismatch, step back".
     * The next Fetch must start from the log's new end (fixed: the sync-up thread died of an
     * IndexOutOfBoundsException).
     */
    @Test
    void syncUpSurvivesALateAppendCuttingTheLogBelowItsCursor() {
        SimulatedNetwork net = SimulatedNetwork.started(14, WHOLE_LOG);
        lead(net, 2);
        net.submit(2);
        net.settle();
        net.isolate(2);
        for (int i = 0; i < 3; i++) {
            net.submit(2).sync();
        }
        net.reconnectAll();
        net.crash(2);
        lead(net, 3);
        net.restart(2);
        net.sendAppend(3, 2);
        Envelope lateProbe = onlyMessage(net, Append.class);
        net.submit(3).sync();
        net.submit(3).sync();
        net.deliverAll(e -> e != lateProbe && !(e.payload() instanceof FetchReply));
        assertThat(onlyMessage(net, FetchReply.class).payload()).extracting("match").isEqualTo(false);

        net.deliver(lateProbe);
        assertThat(net.log(2)).hasSize(1);
        net.deliverAll();

        assertThat(net.problems()).isEmpty();
        assertThat(net.syncingUp(2)).isFalse();
        assertThat(net.log(2)).isEqualTo(net.log(3)).hasSize(3);
        assertHealsConsistently(net);
    }

    /**
     * With nothing in its history, a new leader still probes its followers: the probe makes a follower drop the
     * uncommitted tail a deposed leader left it, so the logs agree even before the next trade (fixed: followers
     * start as "nothing confirmed", below the empty prefix).
     */
    @Test
    void leaderWithAnEmptyHistoryStillMakesAFollowerDropAnOlderUncommittedTail() {
        SimulatedNetwork net = SimulatedNetwork.started(11, WHOLE_LOG);
        lead(net, 3);
        net.isolate(3);
        Trade lost = net.submit(3);
        lost.sync();
        lead(net, 2);
        net.reconnectAll();

        net.settle();

        assertThat(net.log(2)).isEmpty();
        assertThat(net.log(3)).isEmpty();
        assertThat(lost.failed()).isTrue();
        assertHealsConsistently(net);
    }

    /**
     * Replica 2 promised epoch 2 to itself and fetches its history from 3; meanwhile 3 was elected for epoch 3 and
     * logged an order. 2's history would then end in an epoch-3 entry: it could never commit (every replica but 2
     * promised epoch 3), so it refuses to lead at all.
     */
    @Test
    void candidateWhoseHistorySourceMovedOnToANewerEpochDoesNotLead() {
        SimulatedNetwork net = SimulatedNetwork.started(12, WHOLE_LOG);
        lead(net, 1);
        net.submit(1);
        net.settle();
        net.cut(1, 2);
        net.submit(1);
        net.settle();
        net.reconnectAll();

        net.startElection(2);
        dropAll(net, e -> e.payload() instanceof Prepare && e.to() == 1);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        assertThat(onlyMessage(net, Fetch.class).to()).isEqualTo(3);
        net.startElection(3);
        dropAll(net, e -> e.payload() instanceof Prepare && e.to() == 2);
        net.deliverAll(e -> !(e.payload() instanceof Fetch));
        Trade atThree = net.submit(3);
        atThree.sync();
        net.replicate(3, 1);
        assertThat(atThree.acknowledged()).isTrue();

        net.deliverAll();
        assertThat(net.core(2).isLeader()).as("its history ends in a newer epoch than its own: it may not lead")
                .isFalse();
        assertThat(net.problems()).isEmpty();
        assertHealsConsistently(net);
    }

    /**
     * A follower that has accepted one batch of a new leader's history (appends are batched, 5000 entries in
     * production, 2 here) must not take the new epoch as its log epoch while it lacks the rest of that history:
     * otherwise, in the next election, its short log of the newer epoch outranks a complete log of the older epoch,
     * and entries acknowledged in the older epoch are cut (fixed: Append carries historyEnd).
     */
    @Test
    void followerHoldingPartOfANewLeadersHistoryDoesNotOutrankACompleteOlderLog() {
        SimulatedNetwork net = SimulatedNetwork.started(13, 2);
        lead(net, 1);
        net.submit(1);
        net.settle();
        net.cut(1, 2);
        List<Trade> onOneAndThree = List.of(net.submit(1), net.submit(1), net.submit(1), net.submit(1),
                net.submit(1));
        net.settle();
        net.reconnectAll();
        assertThat(onOneAndThree).allMatch(Trade::acknowledged);
        net.crash(1);

        net.startElection(3);
        net.deliverAll();
        assertThat(net.core(3).isLeader()).isTrue();
        net.sendAppend(3, 2);
        net.deliverAll();
        net.sendAppend(3, 2);
        net.deliverAll();
        assertThat(net.state(2).logEpoch()).as("2 holds part of the new history: it keeps its old log epoch")
                .isLessThan(net.core(3).epoch());
        net.cut(1, 3);
        net.restart(1);
        net.deliverAll();
        assertThat(net.core(1).ready()).isTrue();
        net.crash(3);
        net.startElection(2);
        net.deliverAll();
        net.settle();

        assertThat(net.problems()).isEmpty();
        assertThat(net.log(2)).extracting(LogEntry::requestId)
                .containsAll(onOneAndThree.stream().map(Trade::requestId).toList());
    }

    // ------------------------------------------------------------------ helpers

    private static void lead(SimulatedNetwork net, int id) {
        assertThat(net.startElection(id)).isTrue();
        net.settle();
        assertThat(net.core(id).isLeader()).as("replica %d leads:%s", id, net.statuses()).isTrue();
    }

    /** Replica 3 leads and an order is acknowledged while replica 1 is down: only 3 and 2 hold it. */
    private static Trade committedWhileOneIsDown(SimulatedNetwork net) {
        lead(net, 3);
        net.crash(1);
        Trade committed = net.submit(3);
        net.settle();
        assertThat(committed.acknowledged()).isTrue();
        return committed;
    }

    private static void dropAll(SimulatedNetwork net, Predicate<Envelope> which) {
        net.inFlight().stream().filter(which).toList().forEach(net::drop);
    }

    private static Envelope onlyMessage(SimulatedNetwork net, Class<?> type) {
        List<Envelope> matching = net.inFlight().stream()
                .filter(e -> type.isInstance(e.payload())).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static void assertHealsConsistently(SimulatedNetwork net) {
        net.heal();
        assertThat(net.problemsAfterHealing()).as(() -> "last events:\n" + net.trace() + "\nnow:" + net.statuses())
                .isEmpty();
    }
}
