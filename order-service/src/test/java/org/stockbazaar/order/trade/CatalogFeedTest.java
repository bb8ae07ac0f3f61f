package org.stockbazaar.order.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.stockbazaar.order.replication.Messages.Role;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.Replica;

/**
 * The leader's feed to the catalog, at a graceful stop: a call to the catalog on its way is not interrupted, since
 * an interrupt closes a connection in frames and the failed call would refuse the trades still being answered
 * (docs/internal-frames.md, "A caller is not interrupted mid-call").
 */
class CatalogFeedTest {

    @Test
    void aStopLetsTheCallToTheCatalogOnItsWayFinishUninterrupted() throws Exception {
        Replica replica = mock(Replica.class);
        given(replica.status()).willReturn(new Status(3, Role.LEADER, 3, 1, 1, 0, 0, true));
        CatalogClient catalog = mock(CatalogClient.class);
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        // the feed's first call as a new leader: where does the catalog stand
        given(catalog.follow(1)).willAnswer(invocation -> {
            inCall.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                answered.countDown();
            }
            return new CatalogClient.Position(0, List.of());
        });
        CatalogFeed feed = new CatalogFeed(replica, catalog);
        feed.start();
        assertThat(inCall.await(10, TimeUnit.SECONDS)).as("the feed called the catalog").isTrue();

        feed.stop();
        release.countDown();

        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).as("the call was interrupted by the stop").isFalse();
        assertThat(feed.isRunning()).isFalse();
    }
}
