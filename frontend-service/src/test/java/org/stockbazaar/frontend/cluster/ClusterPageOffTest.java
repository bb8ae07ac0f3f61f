package org.stockbazaar.frontend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.CacheProperties;
import org.stockbazaar.frontend.leader.ReplicaProbe;
import org.stockbazaar.frontend.order.AcknowledgedTrades;

/** {@code bazaar.cluster-page.enabled=false}: the page, its script and its JSON are gone from the public port. */
@WebMvcTest(controllers = ClusterController.class, properties = {"bazaar.internal.token=test-token",
        "bazaar.cluster-page.enabled=false"})
@EnableConfigurationProperties({CacheProperties.class, FrontendProperties.class})
class ClusterPageOffTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private ReplicaProbe replicas;

    @MockitoBean
    private AcknowledgedTrades trades;

    @Test
    void pageScriptAndStateAnswerLikeUnknownPaths() {
        for (String path : new String[] {"/cluster", "/cluster/cluster.js", "/cluster/state"}) {
            assertThat(mvc.get().uri(path).exchange()).as(path).hasStatus(HttpStatus.NOT_FOUND)
                    .bodyJson().isEqualTo("{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
        }
    }
}
