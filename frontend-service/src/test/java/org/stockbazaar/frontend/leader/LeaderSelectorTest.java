package org.stockbazaar.frontend.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ServiceClients;

@ExtendWith(OutputCaptureExtension.class)
public class LeaderSelectorTest {

    private FakeReplica one;
    private FakeReplica two;
    private FakeReplica three;

    @BeforeEach
    void startReplicas() throws IOException {
        one = new FakeReplica(1);
        two = new FakeReplica(2);
        three = new FakeReplica(3);
    }

    @AfterEach
    void stopReplicas() {
        one.close();
        two.close();
        three.close();
    }

    static LeaderSelector selectorFor(FakeReplica... replicas) {
        List<String> entries = new ArrayList<>();
        for (FakeReplica replica : replicas) {
            entries.add(replica.entry());
        }
        return new LeaderSelector(properties(entries, Duration.ofSeconds(5)), ServiceClients.plain(FakeReplica.TOKEN));
    }

    public static FrontendProperties properties(List<String> replicas, Duration orderDeadline) {
        return properties(replicas, orderDeadline, 2);
    }

    /** A store of committed orders with room for every block a test fetches: a full one may turn a new block away. */
    public static FrontendProperties properties(List<String> replicas, Duration orderDeadline, int tradeSenders) {
        return new FrontendProperties(URI.create("http://127.0.0.1:1"), Duration.ofMillis(300), Duration.ofSeconds(1),
                replicas, orderDeadline, Duration.ofMillis(500), tradeSenders, 10_000);
    }

    @Test
    void highestIdReadyReplicaIsAskedToLeadWhenNoneLeadsAndTheOthersAreTold(CapturedOutput output) {
        LeaderSelector selector = selectorFor(one, two, three);

        LeaderSelector.Leader leader = selector.leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(3);
        assertThat(leader.epoch()).isEqualTo(1);
        assertThat(three.leadRequests).hasValue(1);
        assertThat(two.leadRequests).hasValue(0);
        assertThat(one.leadRequests).hasValue(0);
        assertThat(two.notices).containsExactly(new Leadership(3, 1));
        assertThat(one.notices).containsExactly(new Leadership(3, 1));
        assertThat(three.notices).isEmpty();
        assertThat(output).contains("Notified replica with id 2 of leader with id 3",
                "Notified replica with id 1 of leader with id 3");
    }

    @Test
    void replicaThatAlreadyLeadsIsKeptWithoutAnElection() {
        two.leading(4);
        LeaderSelector selector = selectorFor(one, two, three);

        LeaderSelector.Leader leader = selector.leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(2);
        assertThat(leader.epoch()).isEqualTo(4);
        assertThat(one.leadRequests.get() + two.leadRequests.get() + three.leadRequests.get()).isZero();
        assertThat(three.notices).containsExactly(new Leadership(2, 4));
        assertThat(one.notices).containsExactly(new Leadership(2, 4));
    }

    @Test
    void ofSeveralClaimedLeadersTheHighestEpochWins() {
        three.leading(4);
        one.leading(6);

        LeaderSelector.Leader leader = selectorFor(one, two, three).leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(1);
        assertThat(leader.epoch()).isEqualTo(6);
        assertThat(three.notices).containsExactly(new Leadership(1, 6));
    }

    @Test
    void replicaThatIsNotReadyIsNeitherAskedToLeadNorKeptAsLeaderButIsTold() {
        three.ready = false;
        three.leading(7);

        LeaderSelector.Leader leader = selectorFor(one, two, three).leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(2);
        assertThat(three.leadRequests).hasValue(0);
        assertThat(two.leadRequests).hasValue(1);
        assertThat(three.notices).containsExactly(new Leadership(2, 1));
    }

    @Test
    void replicaThatCannotWinAnElectionIsPassedOverForTheNextLowerOne() {
        three.canLead = false;

        LeaderSelector.Leader leader = selectorFor(one, two, three).leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(2);
        assertThat(three.leadRequests).hasValue(1);
        assertThat(three.notices).containsExactly(new Leadership(2, 1));
    }

    @Test
    void aSittingLeaderThatThisFrontEndCannotReachIsNotDeposedAndLeavesItWithoutALeader(CapturedOutput output) {
        // replica 3 leads for the replicas, but this front end cannot reach it (another front end may): replica 2,
        // asked to lead, reaches 3 and names it instead of standing
        three.stop();
        two.defersTo = new Leadership(3, 4);
        LeaderSelector selector = selectorFor(one, two, three);

        assertThat(selector.leader()).isEmpty();

        assertThat(selector.noLeaderReason()).isEqualTo("the order leader (replica 3) does not answer this front end");
        assertThat(two.leadRequests).hasValue(1);
        assertThat(one.leadRequests).as("no further replica is asked to depose it").hasValue(0);
        assertThat(one.notices).isEmpty();
        assertThat(two.notices).isEmpty();
        assertThat(output).contains("Order leader is replica 3");
    }

    @Test
    void aSittingLeaderThatThisFrontEndIsNotConfiguredWithIsNotUsedInsteadOfTheReplicaAsked() {
        two.defersTo = new Leadership(3, 4);

        LeaderSelector selector = selectorFor(one, two);

        assertThat(selector.leader()).isEmpty();
        assertThat(selector.noLeaderReason()).isEqualTo("the order leader (replica 3) does not answer this front end");
        assertThat(one.notices).isEmpty();
    }

    @Test
    void unreachableReplicaIsSkippedAndNotTold() {
        three.stop();

        LeaderSelector.Leader leader = selectorFor(one, two, three).leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(2);
        assertThat(one.notices).containsExactly(new Leadership(2, 1));
    }

    @Test
    void hungReplicaIsSkippedAfterTheProbeTimeout() {
        three.hang();

        LeaderSelector.Leader leader = selectorFor(one, two, three).leader().orElseThrow();

        assertThat(leader.replica().id()).isEqualTo(2);
    }

    @Test
    void selectionWaitsForTheFirstOrderSoTheFrontEndStartsWithNoReplicaUp() {
        one.stop();
        two.stop();
        three.stop();

        LeaderSelector selector = selectorFor(one, two, three);

        assertThat(selector.leader()).isEmpty();
    }

    @Test
    void nothingIsProbedBeforeTheFirstOrder() {
        selectorFor(one, two, three);

        assertThat(one.statusProbes.get() + two.statusProbes.get() + three.statusProbes.get()).isZero();
    }

    @Test
    void knownLeaderIsUsedWithoutProbingAgain() {
        LeaderSelector selector = selectorFor(one, two, three);
        LeaderSelector.Leader first = selector.leader().orElseThrow();

        assertThat(selector.leader()).containsSame(first);
        assertThat(selector.leader()).containsSame(first);
        assertThat(two.statusProbes).hasValue(1);
    }

    @Test
    void failedLeaderIsReplacedByTheNextSelection() {
        LeaderSelector selector = selectorFor(one, two, three);
        LeaderSelector.Leader first = selector.leader().orElseThrow();
        three.stop();

        selector.leaderFailed(first);

        LeaderSelector.Leader second = selector.leader().orElseThrow();
        assertThat(second.replica().id()).isEqualTo(2);
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(one.notices).containsExactly(new Leadership(3, 1), new Leadership(2, 2));
    }

    @Test
    void tenRequestsFailingOnTheSameLeaderCauseOneSelection() throws Exception {
        LeaderSelector selector = selectorFor(one, two, three);
        LeaderSelector.Leader observed = selector.leader().orElseThrow();
        three.stop();
        int probesBefore = two.statusProbes.get();

        ExecutorService requests = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> failures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                failures.add(requests.submit(() -> {
                    start.await();
                    selector.leaderFailed(observed);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> failure : failures) {
                failure.get(10, TimeUnit.SECONDS);
            }
        } finally {
            requests.shutdownNow();
        }

        assertThat(two.statusProbes.get() - probesBefore).isEqualTo(1);
        assertThat(two.leadRequests).hasValue(1);
        assertThat(selector.leader().orElseThrow().replica().id()).isEqualTo(2);
    }

    @Test
    void failureSeenBeforeTheLeaderWasChosenAgainIsOldNews() {
        LeaderSelector selector = selectorFor(one, two, three);
        LeaderSelector.Leader first = selector.leader().orElseThrow();
        selector.leaderFailed(first);
        LeaderSelector.Leader again = selector.leader().orElseThrow();
        int probes = three.statusProbes.get();

        selector.leaderFailed(first);

        assertThat(again.replica()).isSameAs(first.replica());
        assertThat(again).isNotSameAs(first);
        assertThat(selector.leader()).containsSame(again);
        assertThat(three.statusProbes).hasValue(probes);
        assertThat(three.leadRequests).hasValue(1);
    }
}
