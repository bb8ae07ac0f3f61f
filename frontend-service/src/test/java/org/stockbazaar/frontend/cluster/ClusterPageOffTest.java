package org.stockbazaar.frontend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** {@code bazaar.cluster-page.enabled=false}: the page and its JSON are gone from the public port. */
@WebMvcTest(controllers = ClusterController.class, properties = {"bazaar.internal.token=test-token",
        "bazaar.cluster-page.enabled=false"})
class ClusterPageOffTest {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void pageAndStateAreNotServed() {
        assertThat(mvc.get().uri("/cluster").exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/cluster/state").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }
}
