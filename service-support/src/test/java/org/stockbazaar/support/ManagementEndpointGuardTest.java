package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ManagementEndpointGuardTest {

    private final ManagementEndpointGuard guard =
            new ManagementEndpointGuard(new InternalSecret(new InternalProperties("s3cret", null, null, null)), JsonMapper.builder().build());

    @Test
    void healthAndInfoStayOpenEverythingElseUnderActuatorIsGuarded() {
        assertThat(ManagementEndpointGuard.guarded("/actuator/health")).isFalse();
        assertThat(ManagementEndpointGuard.guarded("/actuator/health/readiness")).isFalse();
        assertThat(ManagementEndpointGuard.guarded("/actuator/info")).isFalse();
        assertThat(ManagementEndpointGuard.guarded("/actuator")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/actuator/metrics")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/actuator/metrics/bazaar.trades")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/actuator/prometheus")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/actuator/healthx")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/actuator/info/x")).isTrue();
        assertThat(ManagementEndpointGuard.guarded("/stocks/actuator")).isFalse();
    }

    @Test
    void aScrapeWithoutTheSecretGets401InTheErrorModel() throws Exception {
        MockHttpServletResponse response = run(request("/actuator/prometheus"), false);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString()).startsWith("{\"error\":{\"code\":401,\"message\":\"management endpoint: missing");
    }

    @Test
    void aWrongSecretGets403() throws Exception {
        MockHttpServletRequest request = request("/actuator/metrics");
        request.addHeader("Authorization", "Bearer nope");

        MockHttpServletResponse response = run(request, false);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString())
                .isEqualTo("{\"error\":{\"code\":403,\"message\":\"management endpoint: wrong internal token\"}}");
    }

    @Test
    void theSecretInEitherHeaderPasses() throws Exception {
        MockHttpServletRequest bazaar = request("/actuator/prometheus");
        bazaar.addHeader(InternalProperties.HEADER, "s3cret");
        MockHttpServletRequest bearer = request("/actuator/prometheus");
        bearer.addHeader("Authorization", "bearer s3cret");

        assertThat(run(bazaar, true).getStatus()).isEqualTo(200);
        assertThat(run(bearer, true).getStatus()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoSecret() throws Exception {
        assertThat(run(request("/actuator/health/readiness"), true).getStatus()).isEqualTo(200);
    }

    @Test
    void anotherAuthorizationSchemeIsNoSecret() throws Exception {
        MockHttpServletRequest basic = request("/actuator/metrics");
        basic.addHeader("Authorization", "Basic czNjcmV0");

        assertThat(run(basic, false).getStatus()).isEqualTo(401);
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        return request;
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, boolean expectPassed) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean passed = new AtomicBoolean();
        FilterChain chain = (req, res) -> passed.set(true);
        guard.doFilter(request, response, chain);
        assertThat(passed.get()).isEqualTo(expectPassed);
        return response;
    }
}
