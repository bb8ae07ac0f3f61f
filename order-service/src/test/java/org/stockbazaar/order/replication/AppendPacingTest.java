package org.stockbazaar.order.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader 3 with followers 1 and 2, of whom a commit needs one: times in milliseconds, passed in as nanoseconds. */
class AppendPacingTest {

    private static final long MS = 1_000_000;

    private final AppendPacing pacing = new AppendPacing(List.of(1, 2), 1, Duration.ofMillis(20),
            Duration.ofMillis(10));

    @Test
    void thePrimaryFollowerIsSentEveryEntryAtOnceAndTheStandbyAtMostOncePerInterval() {
        pacing.sent(1, 0);
        pacing.appended(5, -1, 1 * MS);
        pacing.sent(2, 1 * MS);

        assertThat(pacing.delayNanos(2, -1, 1 * MS)).as("primary: the highest id").isZero();
        assertThat(pacing.delayNanos(1, 5, 4 * MS)).as("standby, entries committed").isEqualTo(16 * MS);
        assertThat(pacing.delayNanos(1, 5, 20 * MS)).isZero();
    }

    @Test
    void aStandbyThatWasNeverSentAnythingIsSentAtOnce() {
        assertThat(pacing.delayNanos(1, -1, 7 * MS)).isZero();
    }

    @Test
    void entriesWaitingTooLongForTheirCommitGoToTheStandbyAtOnce() {
        pacing.sent(1, 0);
        pacing.appended(3, -1, 2 * MS);
        pacing.appended(6, -1, 3 * MS);

        assertThat(pacing.delayNanos(1, -1, 5 * MS)).as("the oldest uncommitted entry is 3 ms old").isEqualTo(7 * MS);
        assertThat(pacing.delayNanos(1, -1, 12 * MS)).isZero();
        assertThat(pacing.delayNanos(1, 3, 12 * MS)).as("the newer entry, appended at 3 ms, has waited 9 ms")
                .isEqualTo(1 * MS);
        assertThat(pacing.delayNanos(1, 6, 12 * MS)).as("all committed: the interval again").isEqualTo(8 * MS);
    }

    @Test
    void whileThePrimaryFailsTheStandbyIsSentEverythingAtOnceUntilThePrimaryAnswersAgain() {
        pacing.sent(1, 0);
        pacing.failed(2);

        assertThat(pacing.delayNanos(1, -1, 1 * MS)).isZero();
        assertThat(pacing.delayNanos(2, -1, 1 * MS)).as("a failing follower is retried on its sender's backoff")
                .isZero();

        pacing.answered(2);
        assertThat(pacing.delayNanos(1, -1, 1 * MS)).isEqualTo(19 * MS);
    }

    @Test
    void aNewTermForgetsWhatWasSentAndWhatWaited() {
        pacing.sent(1, 0);
        pacing.failed(2);
        pacing.appended(9, -1, 0);

        pacing.reset();

        assertThat(pacing.delayNanos(2, -1, 1 * MS)).isZero();
        assertThat(pacing.delayNanos(1, -1, 1 * MS)).as("never sent in this term").isZero();
        pacing.sent(1, 1 * MS);
        assertThat(pacing.delayNanos(1, -1, 2 * MS)).as("entry 9 of the old term no longer counts")
                .isEqualTo(19 * MS);
    }

    @Test
    void committedAppendsAreForgottenEvenWhenNoStandbyAsksForADelay() {
        AppendPacing eager = new AppendPacing(List.of(1, 2), 1, Duration.ZERO, Duration.ofMillis(10));
        for (long batch = 0; batch < 1_000; batch++) {
            eager.appended(batch, batch - 1, batch * MS);
        }

        assertThat(eager.waitingForCommit()).as("only the last append is not yet committed").isEqualTo(1);
    }

    @Test
    void aZeroIntervalSendsEveryEntryToEveryFollowerAtOnce() {
        AppendPacing eager = new AppendPacing(List.of(1, 2), 1, Duration.ZERO, Duration.ofMillis(10));
        eager.sent(1, 0);

        assertThat(eager.delayNanos(1, 5, 1 * MS)).isZero();
    }
}
