package org.stockbazaar.client.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final List<Fault> ALL = List.of(Fault.values());

    @Test
    void theSameSeedGivesTheSameFaultsWithTheSameParameters() {
        assertThat(rounds(new Schedule(42, ALL), 200)).isEqualTo(rounds(new Schedule(42, ALL), 200));
        assertThat(rounds(new Schedule(42, ALL), 200)).isNotEqualTo(rounds(new Schedule(43, ALL), 200));
    }

    @Test
    void everyKindComesUpAndParametersStayInTheirRanges() {
        List<Schedule.Round> rounds = rounds(new Schedule(7, ALL), 500);

        assertThat(rounds).extracting(Schedule.Round::fault).containsAll(ALL);
        assertThat(rounds).allSatisfy(round -> {
            assertThat(round.gap()).isBetween(Duration.ofMillis(500), Duration.ofMillis(2000));
            assertThat(round.down()).isBetween(Duration.ofMillis(500), Duration.ofMillis(3000));
            assertThat(round.pauseExtra()).isBetween(Duration.ofMillis(500), Duration.ofMillis(3000));
            assertThat(round.pick()).isNotNegative();
        });
        assertThat(rounds).filteredOn(round -> round.fault() == Fault.KILL_SYNCING)
                .allSatisfy(round -> assertThat(round.down()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void onlyTheChosenKindsComeUp() {
        assertThat(rounds(new Schedule(1, List.of(Fault.PAUSE_REPLICA)), 50))
                .extracting(Schedule.Round::fault).containsOnly(Fault.PAUSE_REPLICA);
    }

    @Test
    void killTwoReplicasIsADefaultKindOnlyWithTwoDown() {
        assertThat(Stream.of(Fault.values()).filter(fault -> fault.byDefault(1))).containsExactly(
                Fault.KILL_LEADER, Fault.KILL_FOLLOWER, Fault.KILL_SYNCING, Fault.PAUSE_REPLICA,
                Fault.RESTART_CATALOG, Fault.PAUSE_CATALOG, Fault.RESTART_FRONTEND, Fault.PAUSE_LEADER_LONG,
                Fault.STALL_CATALOG_LONG, Fault.WIPE_REPLICA);
        assertThat(Stream.of(Fault.values()).filter(fault -> fault.byDefault(2))).contains(Fault.KILL_TWO_REPLICAS);
    }

    @Test
    void aLongCatalogStallIsVisibleToClientsAndALongLeaderPauseIsNot() {
        assertThat(Fault.STALL_CATALOG_LONG.singleReplica()).isFalse();
        assertThat(Fault.PAUSE_LEADER_LONG.singleReplica()).isTrue();
        assertThat(Fault.WIPE_REPLICA.singleReplica()).isTrue();
        assertThat(Fault.STALL_CATALOG_LONG.label()).isEqualTo("stall-catalog-long");
    }

    private static List<Schedule.Round> rounds(Schedule schedule, int n) {
        return Stream.generate(schedule::next).limit(n).toList();
    }
}
