package org.stockbazaar.order.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.stockbazaar.order.replication.CatchingUpException;
import org.stockbazaar.order.replication.NoMajorityException;
import org.stockbazaar.order.replication.Replica;
import org.stockbazaar.support.InternalProperties;

/**
 * The runtime throws domain exceptions; a client sees the error JSON it always saw: 503 with the message for a
 * replica that is catching up or found no majority, and (unchanged) 500 for a lead request that stopped being a
 * candidate.
 */
@WebMvcTest(controllers = ReplicaController.class, properties = "bazaar.internal.token=test-token")
class ReplicaErrorAdviceTest {

    private static final String FETCH = "{\"requesterId\":2,\"prevIndex\":-1,\"prevEpoch\":0,\"max\":10}";
    private static final String APPEND = "{\"epoch\":3,\"leaderId\":2,\"prevIndex\":-1,\"prevEpoch\":0,"
            + "\"entries\":[],\"historyEnd\":-1,\"leaderCommit\":-1}";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private Replica replica;

    @Test
    void aReplicaCatchingUpAnswersFetchAndAppendWith503AndTheMessage() {
        when(replica.fetch(any())).thenThrow(new CatchingUpException(1));
        when(replica.append(any())).thenThrow(new CatchingUpException(1));
        String body = "{\"error\":{\"code\":503,\"message\":\"replica 1 is getting back the orders it lost (a damaged"
                + " journal, or its data folder); it serves no log until then\"}}";

        assertThat(post("/internal/replica/fetch", FETCH)).hasStatus(503).bodyJson().isStrictlyEqualTo(body);
        assertThat(post("/internal/replica/append", APPEND)).hasStatus(503).bodyJson().isStrictlyEqualTo(body);
    }

    @Test
    void noMajorityToLeadIs503WithTheMessage() {
        when(replica.lead()).thenThrow(new NoMajorityException("replica 1 could not gather a majority to lead"));

        assertThat(post("/internal/replica/lead", "")).hasStatus(503)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON).bodyJson().isStrictlyEqualTo(
                        "{\"error\":{\"code\":503,\"message\":\"replica 1 could not gather a majority to lead\"}}");
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult post(String path, String body) {
        var request = mvc.post().uri(path).header(InternalProperties.HEADER, "test-token");
        return (body.isEmpty() ? request : request.contentType(MediaType.APPLICATION_JSON).content(body)).exchange();
    }
}
