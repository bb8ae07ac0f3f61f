package org.stockbazaar.order.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/**
 * Three running replicas (their threads, the lock, the roles) over an in-process network instead of HTTP: what the
 * simulation cannot see, since it drives the cores itself. A replica marked down neither answers nor reaches anyone.
 * One class: every test starts the same three replicas over the same network, which is most of its length.
 */
class ReplicaRuntimeTest {

    /** Long enough for a loaded machine; the one test that waits it out pays it once. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Map<Integer, Replica> replicas = new ConcurrentHashMap<>();
    private final Map<Integer, MemoryOrderLog> logs = new ConcurrentHashMap<>();
    private final Map<Integer, SimpleMeterRegistry> meters = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startThree() {
        for (int id = 1; id <= 3; id++) {
            MemoryOrderLog log = new MemoryOrderLog();
            logs.put(id, log);
            meters.put(id, new SimpleMeterRegistry());
            // the group commit's fsync runs outside the replica lock, as FileOrderLog.force does; racing an append,
            // it may call a later entry durable too, which no test here crashes to tell
            replicas.put(id, new Replica(properties(id), new LocalPeers(id), log, log::sync, () -> { },
                    new MemoryReplicaStateStore(), meters.get(id)));
        }
        replicas.values().forEach(Replica::start);
        await().atMost(PATIENCE).until(() -> replicas.values().stream().allMatch(Replica::ready));
    }

    @AfterEach
    void stopAll() {
        replicas.values().forEach(Replica::stop);
    }

    @Test
    void aLeaderCommitsTradesOnEveryReplicaAndFindsThemAgainByRequestId() {
        long epoch = replicas.get(1).lead().epoch();

        List<LogEntry> entries = replicas.get(1).appendAndCommit(epoch, orders("a", "b", "c"), order -> true);

        assertThat(entries).extracting(LogEntry::number).containsExactly(0L, 1L, 2L);
        assertThat(entries).extracting(LogEntry::epoch).containsOnly(epoch);
        assertThat(replicas.get(1).committedEntryOf("b")).map(LogEntry::number).contains(1L);
        assertThat(replicas.get(1).committedEntry(2)).map(LogEntry::requestId).contains("c");
        // the followers publish once told of the commit, which an append (or a notice on its own) brings
        await().atMost(PATIENCE).until(() -> replicas.keySet().stream().allMatch(id -> published(id) == 2));
    }

    @Test
    void aBlockOfOrdersHoldsTheCommittedOnesFromItsFirstNumberOnAndOnlyAtTheLeader() {
        Replica leader = replicas.get(1);
        long epoch = leader.lead().epoch();
        leader.appendAndCommit(epoch, orders("a", "b", "c", "d"), order -> true);
        down.addAll(List.of(2, 3));
        // logged by the leader alone: not committed, so in no block
        assertThatThrownBy(() -> leader.appendAndCommit(epoch, orders("e"), order -> true))
                .isInstanceOf(NoMajorityException.class);

        assertThat(leader.committedEntries(1, 2)).extracting(LogEntry::requestId).containsExactly("b", "c");
        assertThat(leader.committedEntries(2, 512)).extracting(LogEntry::requestId).containsExactly("c", "d");
        assertThat(leader.committedEntries(-2, 3)).extracting(LogEntry::requestId).containsExactly("a");
        assertThat(leader.committedEntries(4, 512)).isEmpty();
        assertThat(leader.committedEntries(Long.MAX_VALUE - 1, 512)).isEmpty();
        assertThatThrownBy(() -> replicas.get(2).committedEntries(0, 512)).isInstanceOf(NotLeaderException.class);
    }

    @Test
    void theGaugesReadTheRunningReplica() {
        long epoch = replicas.get(1).lead().epoch();
        replicas.get(1).appendAndCommit(epoch, orders("a", "b"), order -> true);

        SimpleMeterRegistry leader = meters.get(1);
        assertThat(leader.get("bazaar.replica.leader").gauge().value()).isEqualTo(1);
        assertThat(leader.get("bazaar.replica.epoch").gauge().value()).isEqualTo(epoch);
        assertThat(leader.get("bazaar.replica.log.last").gauge().value()).isEqualTo(1);
        assertThat(leader.get("bazaar.elections.won").counter().count()).isEqualTo(1);
        assertThat(meters.get(2).get("bazaar.replica.leader").gauge().value()).isZero();
        assertThat(meters.get(2).get("bazaar.replication.lag").tag("follower", "1").gauge().value()).isNaN();
        await().atMost(PATIENCE).until(() -> leader.get("bazaar.replication.lag").tag("follower", "3").gauge()
                .value() == 0);
    }

    @Test
    void onlyWhatAdmitAcceptsIsLoggedAndNumberedWithoutGaps() {
        long epoch = replicas.get(2).lead().epoch();

        List<LogEntry> entries = replicas.get(2).appendAndCommit(epoch, orders("a", "b", "c"),
                order -> !order.requestId().equals("b"));

        assertThat(entries).extracting(LogEntry::requestId).containsExactly("a", "c");
        assertThat(entries).extracting(LogEntry::number).containsExactly(0L, 1L);
    }

    @Test
    void withBothFollowersDownATradeIsNotConfirmedInTime() {
        long epoch = replicas.get(1).lead().epoch();
        down.addAll(List.of(2, 3));

        assertThatThrownBy(() -> replicas.get(1).appendAndCommit(epoch, orders("a"), order -> true))
                .isInstanceOf(NoMajorityException.class)
                .hasMessage("order not confirmed by a majority in time");
    }

    @Test
    void withoutAMajorityNoReplicaLeads() {
        down.addAll(List.of(2, 3));

        assertThatThrownBy(() -> replicas.get(1).lead())
                .isInstanceOf(NoMajorityException.class)
                .hasMessage("replica 1 could not gather a majority to lead");
        assertThat(replicas.get(1).status().role()).isNotEqualTo(Messages.Role.LEADER);
    }

    @Test
    void aNewLeaderTakesOverTheCommittedHistoryAndDeposesTheOldOne() {
        long first = replicas.get(1).lead().epoch();
        replicas.get(1).appendAndCommit(first, orders("a", "b"), order -> true);
        down.add(1);

        long second = replicas.get(2).lead().epoch();
        List<LogEntry> more = replicas.get(2).appendAndCommit(second, orders("c"), order -> true);

        assertThat(second).isGreaterThan(first);
        assertThat(more).extracting(LogEntry::number).containsExactly(2L);
        assertThat(replicas.get(2).committedEntryOf("a")).map(LogEntry::number).contains(0L);
        down.remove(1);
        // the old leader hears of the newer epoch at its next append, steps down and takes the new leader's log
        await().atMost(PATIENCE).until(() -> !replicas.get(1).status().role().equals(Messages.Role.LEADER));
        assertThatThrownBy(() -> replicas.get(1).leaderEpoch()).isInstanceOf(NotLeaderException.class);
        await().atMost(PATIENCE).until(() -> published(1) == 2);
    }

    @Test
    void aReplicaAskedToLeadWhileALeaderItReachesLeadsNamesThatLeaderAndDeposesNoOne() {
        long epoch = replicas.get(1).lead().epoch();

        Leadership answer = replicas.get(3).lead();

        assertThat(answer).isEqualTo(new Leadership(1, epoch));
        assertThat(replicas.get(1).leaderEpoch()).isEqualTo(epoch);
        assertThat(replicas.get(1).appendAndCommit(epoch, orders("a"), order -> true))
                .extracting(LogEntry::number).containsExactly(0L);
        assertThat(meters.get(3).counter("bazaar.elections.started").count()).isZero();
        assertThat(meters.get(3).counter("bazaar.elections.deferred").count()).isEqualTo(1);
    }

    @Test
    void aReplicaAskedToLeadDefersToTheNewestLeaderNotToADeposedOneThatHasNotHeard() {
        long first = replicas.get(1).lead().epoch();
        down.add(1);
        long second = replicas.get(3).lead().epoch();
        down.remove(1);
        // replica 1 has not appended since: it still says it leads, in the older epoch
        assertThat(replicas.get(1).status().role()).isEqualTo(Messages.Role.LEADER);

        assertThat(replicas.get(2).lead()).isEqualTo(new Leadership(3, second));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aLeaderStoppedWhileItWaitsToRetryADownFollowerEndsItsThreadsWithoutAnError() {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try {
            long epoch = replicas.get(1).lead().epoch();
            down.add(3);
            replicas.get(1).appendAndCommit(epoch, orders("a"), order -> true);
            // the appender to replica 3 fails at once and spends its time pausing before the next try

            replicas.values().forEach(Replica::stop);

            await().atMost(PATIENCE).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().startsWith("replicate-to-") && thread.isAlive()));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).isEmpty();
    }

    @Test
    void aFollowerThatWasDownIsSentWhatItMissed() {
        long epoch = replicas.get(1).lead().epoch();
        down.add(3);
        for (int i = 0; i < 5; i++) {
            replicas.get(1).appendAndCommit(epoch, orders("t" + i), order -> true);
        }
        assertThat(replicas.get(3).status().lastIndex()).isEqualTo(-1);

        down.remove(3);

        await().atMost(PATIENCE).until(() -> published(3) == 4);
    }

    @Test
    void aLeaderWithTradesWaitingStopsWaitingWhenDeposed() {
        long epoch = replicas.get(1).lead().epoch();
        down.addAll(List.of(2, 3));
        Thread deposer = new Thread(() -> {
            ReplicaLock.pause(100);
            replicas.get(1).prepare(new Prepare(epoch + 1, 2));
        });
        deposer.start();

        assertThatThrownBy(() -> replicas.get(1).appendAndCommit(epoch, orders("a"), order -> true))
                .isInstanceOf(NotLeaderException.class);
    }

    /** The last entry the replica published; its lock, taken for the status, makes its log's writes visible. */
    private long published(int id) {
        replicas.get(id).status();
        return logs.get(id).committedIndex();
    }

    private static List<Trade> orders(String... requestIds) {
        List<Trade> orders = new ArrayList<>();
        for (String requestId : requestIds) {
            orders.add(new Trade(requestId, "GameStart", TradeType.BUY, 1));
        }
        return orders;
    }

    private static OrderProperties properties(int id) {
        return new OrderProperties(id, List.of("1=http://127.0.0.1:1", "2=http://127.0.0.1:2", "3=http://127.0.0.1:3"),
                Path.of("unused"), URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Duration.ofSeconds(1),
                COMMIT_TIMEOUT, 1000, Duration.ofMillis(20), Duration.ofMillis(10), false);
    }

    /** The other replicas, called in this process; a replica that is down (or catching up) does not answer. */
    private final class LocalPeers implements Peers {

        private final int self;

        LocalPeers(int self) {
            this.self = self;
        }

        @Override
        public List<Integer> ids() {
            return List.of(1, 2, 3).stream().filter(id -> id != self).toList();
        }

        @Override
        public AppendReply append(int peer, Append append) {
            return call(peer, () -> replicas.get(peer).append(append));
        }

        @Override
        public FetchReply fetch(int peer, Fetch fetch) {
            return call(peer, () -> replicas.get(peer).fetch(fetch));
        }

        @Override
        public List<Status> statusOfAll() {
            return answers(peer -> replicas.get(peer).status(), replies -> false);
        }

        @Override
        public List<Status> probeAll() {
            return statusOfAll();
        }

        @Override
        public List<PrepareReply> prepareAll(Prepare prepare, Predicate<List<PrepareReply>> enough) {
            return answers(peer -> replicas.get(peer).prepare(prepare), enough);
        }

        private <T> List<T> answers(IntFunction<T> ask, Predicate<List<T>> enough) {
            List<T> replies = new ArrayList<>();
            for (int peer : ids()) {
                try {
                    replies.add(call(peer, () -> ask.apply(peer)));
                } catch (PeerUnavailableException e) {
                    continue;
                }
                if (enough.test(replies)) {
                    break;
                }
            }
            return replies;
        }

        private <T> T call(int peer, Supplier<T> call) {
            if (down.contains(peer) || down.contains(self)) {
                throw new PeerUnavailableException(new IllegalStateException("replica " + peer + " is down"));
            }
            try {
                return call.get();
            } catch (CatchingUpException e) {
                // over HTTP, a 503
                throw new PeerUnavailableException(e);
            }
        }
    }
}
