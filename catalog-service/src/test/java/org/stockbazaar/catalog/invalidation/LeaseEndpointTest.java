package org.stockbazaar.catalog.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * A front end renews its lease at {@code POST /internal/leases} (which goes in frames) and gets what
 * {@code POST /internal/frontends}, kept for front ends of an earlier version, answers: the same registration and
 * lease, the same refusals, behind the internal secret.
 */
@WebMvcTest(controllers = FrontendController.class, properties = "bazaar.internal.token=test-token")
class LeaseEndpointTest {

    private static final String REGISTRATION = "{\"id\":\"fe-1\",\"url\":\"http://127.0.0.1:8091\"}";

    @Autowired
    private MockMvcTester mvc;

    private MvcTestResult post(String path, String body, String token) {
        return mvc.post().uri(path).header("X-Bazaar-Internal-Token", token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    @Test
    void aRenewalAtEitherPathKeepsTheRegistrationAndItsLease() {
        MvcTestResult first = post("/internal/leases", REGISTRATION, "test-token");
        MvcTestResult again = post("/internal/frontends", REGISTRATION, "test-token");
        MvcTestResult third = post("/internal/leases", REGISTRATION, "test-token");

        for (MvcTestResult renewal : new MvcTestResult[] {first, again, third}) {
            assertThat(renewal).hasStatusOk();
            assertThat(renewal).bodyJson().isStrictlyEqualTo(
                    "{\"data\":{\"registration\":1,\"leaseMs\":1000,\"evict\":{}}}");
        }
        assertThat(mvc.get().uri("/internal/frontends").header("X-Bazaar-Internal-Token", "test-token").exchange())
                .bodyJson().extractingPath("$.data[0].id").isEqualTo("fe-1");
    }

    @Test
    void aRegistrationWithoutItsIdOrUrlIsRefusedAtBothPathsAlike() throws Exception {
        for (String body : new String[] {"{\"id\":\"fe 1\",\"url\":\"http://127.0.0.1:8091\"}",
                "{\"id\":\"fe-1\",\"url\":\"ftp://127.0.0.1\"}", "{}"}) {
            MvcTestResult leases = post("/internal/leases", body, "test-token");
            MvcTestResult frontends = post("/internal/frontends", body, "test-token");

            assertThat(leases).hasStatus(HttpStatus.BAD_REQUEST);
            assertThat(leases).bodyJson().isStrictlyEqualTo(frontends.getResponse().getContentAsString());
        }
        assertThat(post("/internal/leases", "null", "test-token")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void itIsBehindTheInternalSecret() {
        assertThat(post("/internal/leases", REGISTRATION, "wrong")).hasStatus(HttpStatus.FORBIDDEN);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        FrontendRegistry frontendRegistry() {
            return new FrontendRegistry(Duration.ofSeconds(1), System::nanoTime);
        }
    }
}
