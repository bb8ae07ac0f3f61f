package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.frontend.leader.FakeReplica;

/**
 * The whole front end with one replica that leads, takes the trade and never answers it (as a leader does whose
 * catalog has stalled): the trade may still happen, so the client gets 504 and the key to repeat it with, not a
 * claim that it failed.
 */
@SpringBootTest(properties = {
        "bazaar.internal.token=" + FakeReplica.TOKEN,
        "bazaar.frontend.order-deadline=300ms",
        "bazaar.frontend.replica-timeout=300ms"})
@AutoConfigureMockMvc
class HungLeaderWiringTest {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final FakeReplica LEADER = hungOnTrades();

    @Autowired
    private MockMvcTester mvc;

    @DynamicPropertySource
    static void replicas(DynamicPropertyRegistry properties) {
        properties.add("bazaar.frontend.replicas", LEADER::entry);
    }

    @AfterAll
    static void stopLeader() {
        RELEASE.countDown();
        LEADER.close();
    }

    @Test
    void leaderThatTakesTheTradeAndNeverAnswersIsA504WithTheKey() {
        MvcTestResult result = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "client-7:42")
                .content("{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}").exchange();

        assertThat(result).hasStatus(HttpStatus.GATEWAY_TIMEOUT).hasHeader("Idempotency-Key", "client-7:42");
        assertThat(result).bodyJson().isStrictlyEqualTo("{\"error\":{\"code\":504,\"message\":\"trade outcome"
                + " unknown: it may still complete; send the same order again with header Idempotency-Key:"
                + " client-7:42 to learn its transaction number (it trades at most once)\"}}");
        assertThat(LEADER.tradeRequestIds).containsExactly("client-7:42");
    }

    private static FakeReplica hungOnTrades() {
        try {
            FakeReplica replica = new FakeReplica(1).leading(1);
            replica.trades = trade -> {
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeReplica.Answer.none();
            };
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
