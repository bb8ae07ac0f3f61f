package org.stockbazaar.order.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FollowerLagTest {

    private static final long SECOND = 1_000_000_000L;
    private final FollowerLag lag = new FollowerLag();

    @Test
    void aFollowerThatHoldsEverythingIsNotBehind() {
        assertThat(lag.seconds(2, 0, 5 * SECOND)).isZero();
    }

    @Test
    void aFollowerIsBehindFromTheFirstAppendItLacksUntilItConfirmsEverything() {
        lag.grew(List.of(2, 3), 10 * SECOND);
        lag.grew(List.of(2, 3), 11 * SECOND);
        lag.observed(3, 0, 11 * SECOND);

        assertThat(lag.seconds(2, 4, 13 * SECOND)).isEqualTo(3.0);
        assertThat(lag.seconds(3, 0, 13 * SECOND)).isZero();

        lag.observed(2, 1, 14 * SECOND);
        assertThat(lag.seconds(2, 1, 14 * SECOND)).as("still behind since the first append it lacked").isEqualTo(4.0);
        lag.observed(2, 0, 15 * SECOND);
        assertThat(lag.seconds(2, 0, 15 * SECOND)).isZero();
    }

    @Test
    void aLagFirstSeenAtAReadCountsFromThatRead() {
        assertThat(lag.seconds(2, 7, 20 * SECOND)).isZero();
        assertThat(lag.seconds(2, 7, 22 * SECOND)).isEqualTo(2.0);
    }

    @Test
    void aReplicaThatDoesNotLeadHasNoLag() {
        lag.grew(List.of(2), 0);
        assertThat(lag.seconds(2, -1, SECOND)).isNaN();
    }

    @Test
    void aNewTermForgetsTheOldOne() {
        lag.grew(List.of(2), 0);
        lag.reset();
        lag.grew(List.of(2), 9 * SECOND);
        assertThat(lag.seconds(2, 3, 10 * SECOND)).isEqualTo(1.0);
    }
}
