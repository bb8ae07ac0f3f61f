package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The whole front end, with no order replica up (nothing listens on port 1 of 127.0.0.1): it starts all the same,
 * and an order, which reached no replica and so did not happen, gets 503 once the deadline has passed.
 */
@SpringBootTest(properties = {
        "bazaar.internal.token=test-token",
        "bazaar.frontend.replicas=1=http://127.0.0.1:1,2=http://127.0.0.1:1/",
        "bazaar.frontend.order-deadline=300ms"})
@AutoConfigureMockMvc
class OrderApiWiringTest {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void frontEndStartsWithNoReplicaUpAndAnOrderThenGets503() {
        MvcTestResult result = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}").exchange();

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).containsHeader("Idempotency-Key");
        assertThat(result).bodyJson().isStrictlyEqualTo(
                "{\"error\":{\"code\":503,\"message\":\"no order replica available\"}}");
    }

    @Test
    void orderQueryWithNoReplicaUpGets503() {
        assertThat(mvc.get().uri("/orders/0").exchange()).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
