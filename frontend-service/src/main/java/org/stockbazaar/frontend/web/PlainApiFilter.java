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
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiError;
import org.stockbazaar.support.ApiErrorAdvice;
import org.stockbazaar.support.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One public endpoint's plain requests, the ones that make up nearly all of its traffic, answered in front of Spring
 * MVC: a read of one resource by the last segment of its path ({@code GET /stocks/{name}},
 * {@code GET /orders/{number}}) whose segment is already in the form the API spells it (nothing to decode: the
 * {@code plain} test), or an order ({@code POST /orders}) with the content type {@code application/json} as such;
 * either with no {@code Accept} header, {@code *}{@code /*} or {@code application/json}. Spring MVC's dispatch
 * around such a request (the search of the handler patterns, argument resolution, content negotiation, the message
 * converters) costs the front end more CPU than a read answered from memory, as a cache hit or a committed order
 * is, and a quarter of what it spends on a trade ({@code docs/architecture.md}, "The public endpoints in front of
 * Spring MVC").
 *
 * <p>The answer is the controller's, byte for byte: what {@code answer} returns in the data envelope, with the
 * headers it sets, or the error model for what it refuses ({@link ApiException}). Everything else goes on to the
 * controller, which stays the reference: another method or path, another form of the segment (encoded, malformed,
 * out of range), another content type (with parameters, or none: 415), an {@code Accept} that does not plainly take
 * JSON. An unexpected failure of a read goes on to the controller too (a read changes nothing, so its second try is
 * harmless, and it answers the 500 of the error advice); an order's is answered here with that same 500, as its
 * body has been read and it may have traded. The request is timed as every other one ({@code http.server.requests},
 * by Spring's observation filter in front of this one) under the controller's pattern.
 */
public final class PlainApiFilter implements Filter {

    /**
     * What a read answers for a segment: the data, which goes in the envelope. It may set headers on the response,
     * once it has its answer: an error or a failure after that would carry them.
     */
    @FunctionalInterface
    public interface Read {
        Object to(String segment, HttpServletResponse response);
    }

    /** What an order answers: the data, which goes in the envelope; headers it sets go with an error too. */
    @FunctionalInterface
    public interface Write {
        Object to(HttpServletRequest request, HttpServletResponse response);
    }

    private final String method;
    private final String pattern;
    private final Predicate<HttpServletRequest> plain;
    private final Write answer;
    private final JsonMapper json;

    private PlainApiFilter(String method, String pattern, Predicate<HttpServletRequest> plain, Write answer,
            JsonMapper json) {
        this.method = method;
        this.pattern = pattern;
        this.plain = plain;
        this.answer = answer;
        this.json = json;
    }

    /**
     * The filter for the reads of the controller's {@code pattern} (one variable, the last segment) whose segment is
     * {@code plain}.
     */
    public static FilterRegistrationBean<PlainApiFilter> get(String pattern, Predicate<String> plain, Read answer,
            JsonMapper json) {
        String prefix = pattern.substring(0, pattern.lastIndexOf('/') + 1);
        return register(prefix + "*", new PlainApiFilter("GET", pattern, request -> {
            String path = request.getRequestURI();
            return path.startsWith(prefix) && plain.test(path.substring(prefix.length()));
        }, (request, response) -> answer.to(request.getRequestURI().substring(prefix.length()), response), json));
    }

    /**
     * The filter for the orders to {@code path} with a JSON body that are also {@code plain} (what the controller's
     * arguments would read differently, such as a header sent twice, is not).
     */
    public static FilterRegistrationBean<PlainApiFilter> post(String path, Predicate<HttpServletRequest> plain,
            Write answer, JsonMapper json) {
        return register(path, new PlainApiFilter("POST", path, request -> path.equals(request.getRequestURI())
                && MediaType.APPLICATION_JSON_VALUE.equalsIgnoreCase(request.getContentType())
                && plain.test(request), answer, json));
    }

    /** Registered just behind Spring's observation filter ({@code HIGHEST_PRECEDENCE + 1}), which times it. */
    private static FilterRegistrationBean<PlainApiFilter> register(String urlPattern, PlainApiFilter filter) {
        FilterRegistrationBean<PlainApiFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(urlPattern);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (!method.equals(request.getMethod()) || !takesJson(request.getHeader(HttpHeaders.ACCEPT))
                || !plain.test(request)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(timed -> timed.setPathPattern(pattern));
        Object body;
        try {
            body = ApiData.of(answer.to(request, response));
        } catch (ApiException refused) {
            body = error(response, ApiErrorAdvice.respond(refused.status(), refused.getMessage()));
        } catch (RuntimeException unexpected) {
            if ("GET".equals(method)) {
                chain.doFilter(servletRequest, servletResponse);
                return;
            }
            body = error(response, ApiErrorAdvice.unhandled(unexpected));
        }
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The error advice's answer: its status set on the response, its body returned to be written. */
    private static ApiError error(HttpServletResponse response, ResponseEntity<ApiError> answer) {
        response.setStatus(answer.getStatusCode().value());
        return answer.getBody();
    }

    /** No {@code Accept}, or one that names JSON or anything alone; a list or a quality goes to the controller. */
    private static boolean takesJson(String accept) {
        return accept == null || accept.equals(MediaType.ALL_VALUE) || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
