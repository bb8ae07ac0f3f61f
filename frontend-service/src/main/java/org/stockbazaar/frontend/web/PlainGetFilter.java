package org.stockbazaar.frontend.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiError;
import org.stockbazaar.support.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A public read of one resource by the last segment of its path ({@code GET /stocks/{name}},
 * {@code GET /orders/{number}}), answered in front of Spring MVC for the requests that make up nearly all of them:
 * a plain {@code GET} whose segment is already in the form the API spells it (nothing to decode: the
 * {@code plain} test), with no {@code Accept} header, {@code *}{@code /*} or {@code application/json}. Spring MVC's
 * dispatch around such a read (the search of the handler patterns, argument resolution, content negotiation, the
 * message converters) costs the front end more CPU than the read itself when it is answered from memory, as a cache
 * hit or a committed order is ({@code docs/architecture.md}, "The public reads").
 *
 * <p>The answer is the controller's, byte for byte: what {@code answer} returns in the data envelope, with the
 * headers it sets, or the error model for what it refuses ({@link ApiException}).
 * Everything else goes on to the controller, which stays the reference: another method, another form of the
 * segment (encoded, malformed, out of range), an {@code Accept} that does not plainly take JSON, and an unexpected
 * failure (a read changes nothing, so the controller's second try is harmless, and it answers the 500 of the error
 * advice). The request is timed as every other one ({@code http.server.requests}, by Spring's observation filter
 * in front of this one) under the controller's pattern.
 */
public final class PlainGetFilter implements Filter {

    /**
     * What the read answers for a segment: the data, which goes in the envelope. It may set headers on the response,
     * once it has its answer: an error or a failure after that would carry them.
     */
    @FunctionalInterface
    public interface Answer {
        Object to(String segment, HttpServletResponse response);
    }

    private final String pattern;
    private final String prefix;
    private final Predicate<String> plain;
    private final Answer answer;
    private final JsonMapper json;

    private PlainGetFilter(String pattern, Predicate<String> plain, Answer answer, JsonMapper json) {
        this.pattern = pattern;
        this.prefix = pattern.substring(0, pattern.lastIndexOf('/') + 1);
        this.plain = plain;
        this.answer = answer;
        this.json = json;
    }

    /**
     * The filter for the controller's {@code pattern} (one variable, the last segment), registered just behind
     * Spring's observation filter ({@code HIGHEST_PRECEDENCE + 1}), which times it.
     */
    public static FilterRegistrationBean<PlainGetFilter> register(String pattern, Predicate<String> plain,
            Answer answer, JsonMapper json) {
        PlainGetFilter filter = new PlainGetFilter(pattern, plain, answer, json);
        FilterRegistrationBean<PlainGetFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(filter.prefix + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String segment = plainSegment(request);
        if (segment == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(timed -> timed.setPathPattern(pattern));
        Object body;
        try {
            body = ApiData.of(answer.to(segment, response));
        } catch (ApiException refused) {
            response.setStatus(refused.status().value());
            body = ApiError.of(refused.status().value(), refused.getMessage());
        } catch (RuntimeException unexpected) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The segment of a read this filter answers, else null. */
    private String plainSegment(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI();
        if (!path.startsWith(prefix)) {
            return null;
        }
        String segment = path.substring(prefix.length());
        return plain.test(segment) && takesJson(request.getHeader(HttpHeaders.ACCEPT)) ? segment : null;
    }

    /** No {@code Accept}, or one that names JSON or anything alone; a list or a quality goes to the controller. */
    private static boolean takesJson(String accept) {
        return accept == null || accept.equals(MediaType.ALL_VALUE) || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
