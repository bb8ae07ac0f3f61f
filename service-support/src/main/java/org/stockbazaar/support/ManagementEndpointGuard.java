package org.stockbazaar.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the management endpoints ({@code /actuator/**}) to holders of the internal secret, except health and info,
 * which scripts, compose health checks and probes read without one. A filter, not a {@link InternalEndpointGuard}
 * interceptor: Actuator's endpoints sit in their own handler mapping, which the interceptors registered through
 * {@code WebMvcConfigurer} never see. A refusal is the JSON error model, written here since a filter runs before
 * {@link ApiErrorAdvice} can.
 */
final class ManagementEndpointGuard extends OncePerRequestFilter {

    static final String BASE = "/actuator";

    private final InternalSecret secret;
    private final JsonMapper json;

    ManagementEndpointGuard(InternalSecret secret, JsonMapper json) {
        this.secret = secret;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (guarded(pathOf(request))) {
            try {
                secret.check(request.getHeader(InternalProperties.HEADER),
                        request.getHeader(HttpHeaders.AUTHORIZATION), "management endpoint");
            } catch (ApiException refused) {
                response.setStatus(refused.status().value());
                if (refused.status().value() == HttpServletResponse.SC_UNAUTHORIZED) {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                }
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                json.writeValue(response.getOutputStream(),
                        ApiError.of(refused.status().value(), refused.getMessage()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Every management path but health (with its groups: liveness, readiness) and info. */
    static boolean guarded(String path) {
        if (!path.equals(BASE) && !path.startsWith(BASE + "/")) {
            return false;
        }
        boolean open = path.equals(BASE + "/health") || path.startsWith(BASE + "/health/")
                || path.equals(BASE + "/info");
        return !open;
    }

    /** The decoded, normalised path within the application (Tomcat has resolved "..", "//" and ";params"). */
    private static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
