package org.stockbazaar.support;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.LongFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One internal JSON endpoint that trades or order queries cross ({@code POST /internal/orders},
 * {@code /internal/replica/append}, {@code /internal/committed}, {@code GET /internal/orders/{number}},
 * {@code /internal/order-blocks/{first}}): the request
 * read (a body into a record, or a number from the path), the controller's method called, its answer written as
 * JSON. Spring MVC's {@code DispatcherServlet} serves it as a plain {@link HttpRequestHandler}, mapped by its bean
 * name (the path, {@code /internal/orders/*} for a number in the last segment) and behind the same filters and
 * interceptors (the internal guard) as every other endpoint; what it leaves out is the annotated-method machinery
 * (argument resolvers, message-converter and content negotiation, return-value handlers), which cost these busy
 * internal calls more than the work they carry ({@code docs/performance.md}, "Internal endpoints on a trade's
 * path"). Answers, statuses and error messages are the same as an annotated {@code @PostMapping} with a
 * {@code @RequestBody}, or a {@code @GetMapping} with a {@code long} {@code @PathVariable}, gives: a wrong method is
 * 405, a body that is not JSON 415, an unreadable body or a path segment that is not a decimal number 400, and every
 * exception goes through the application's {@code @RestControllerAdvice} ({@link AdviceResolver}). (Where they
 * differ, no caller of ours goes: Spring converts a path variable such as {@code 0x10} as hexadecimal, and answers
 * {@code HEAD} as {@code GET}; these endpoints answer 400 and 405.)
 *
 * <p>Made by {@link Factory}, declared as a bean named after its path inside the controller that answers it, so
 * that a {@code @WebMvcTest} of that controller serves it too. One that takes a body is also served in frames, by the
 * same path ({@link FrameServer}).
 */
public final class JsonEndpoint implements HttpRequestHandler {

    /** What the endpoint answers for one request; it throws what the annotated method's arguments would. */
    private interface Answer {
        Object to(HttpServletRequest request) throws ServletException, IOException;
    }

    private final JsonMapper json;
    private final String method;
    private final Answer answer;
    /** The answer to a body that came in a frame ({@link FrameServer}); null for a {@code GET} endpoint. */
    private final Function<byte[], Object> frameAnswer;

    private JsonEndpoint(JsonMapper json, String method, Answer answer, Function<byte[], Object> frameAnswer) {
        this.json = json;
        this.method = method;
        this.answer = answer;
        this.frameAnswer = frameAnswer;
    }

    /** Whether it takes frames: a {@code POST} of a JSON body. */
    boolean takesFrames() {
        return frameAnswer != null;
    }

    /** What it answers for {@code body}, a request that came in a frame; throws what it would throw over HTTP. */
    Object answerFrame(byte[] body) {
        return frameAnswer.apply(body);
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!method.equals(request.getMethod())) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), Set.of(method));
        }
        byte[] bytes = json.writeValueAsBytes(answer.to(request));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static <T> T body(JsonMapper json, Class<T> type, HttpServletRequest request)
            throws ServletException, IOException {
        MediaType media;
        try {
            media = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage());
        }
        if (!isJson(media)) {
            throw new HttpMediaTypeNotSupportedException(media, List.of(MediaType.APPLICATION_JSON));
        }
        return parsed(json, type, request.getInputStream(), () -> new ServletServerHttpRequest(request));
    }

    /** A frame's body read as {@link #body} reads a request's, failing with the same exceptions. */
    private static <T> T frameBody(JsonMapper json, Class<T> type, byte[] bytes) {
        return parsed(json, type, new ByteArrayInputStream(bytes), () -> new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public HttpHeaders getHeaders() {
                return HttpHeaders.EMPTY;
            }
        });
    }

    /**
     * {@code body} read as a {@code type}, failing as Spring's Jackson converter does; {@code message} is what its
     * exceptions name, made only when one is thrown.
     */
    private static <T> T parsed(JsonMapper json, Class<T> type, InputStream body,
            Supplier<HttpInputMessage> message) {
        T value;
        try {
            value = json.readValue(body, type);
        } catch (InvalidDefinitionException e) {
            // as Spring's Jackson converter: a record Jackson cannot build is this service's bug, not the caller's
            throw new HttpMessageConversionException("Type definition error: " + e.getType(), e);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, message.get());
        }
        if (value == null) {
            throw new HttpMessageNotReadableException("Required request body is missing", message.get());
        }
        return value;
    }

    /**
     * The number in the request path's last segment, decimal (what the front end sends). An empty segment
     * ({@code /internal/orders/}) names no endpoint, as with the annotated mapping; anything else that is not a
     * {@code long} is the 400 of a path variable that does not convert.
     */
    private static long number(String name, HttpServletRequest request) {
        String path = request.getRequestURI();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        if (segment.isEmpty()) {
            throw ApiException.noSuchEndpoint();
        }
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name);
        }
    }

    /** What Spring's Jackson converter reads: {@code application/json} and {@code application/*+json}. */
    private static boolean isJson(MediaType media) {
        return media != null && (MediaType.APPLICATION_JSON.includes(media)
                || "application".equals(media.getType()) && media.getSubtype().endsWith("+json"));
    }

    /**
     * Spring's resolver of {@code @ExceptionHandler} methods, applied to these endpoints too: by default it applies
     * the {@code @RestControllerAdvice} only to exceptions from annotated controller methods, and an exception from a
     * plain handler (or from an interceptor in front of one, such as the internal guard's 401) would reach the
     * container's error page instead of the error model.
     */
    static final class AdviceResolver extends ExceptionHandlerExceptionResolver {

        @Override
        protected boolean shouldApplyTo(HttpServletRequest request, Object handler) {
            return handler instanceof JsonEndpoint || super.shouldApplyTo(request, handler);
        }
    }

    /** Makes the endpoints with the service's {@link JsonMapper}, which every other body is read with too. */
    public static final class Factory {

        private final JsonMapper json;

        Factory(JsonMapper json) {
            this.json = json;
        }

        /** {@code POST} of a JSON {@code type}, answered with what {@code answer} returns for it. */
        public <T> JsonEndpoint post(Class<T> type, Function<T, ?> answer) {
            return new JsonEndpoint(json, "POST", request -> answer.apply(body(json, type, request)),
                    bytes -> answer.apply(frameBody(json, type, bytes)));
        }

        /**
         * {@code GET} of a number in the path's last segment (the bean's name ends in {@code /*}), answered with
         * what {@code answer} returns for it; {@code name} is the number's name in the 400 for one that is not.
         */
        public JsonEndpoint getByNumber(String name, LongFunction<?> answer) {
            return new JsonEndpoint(json, "GET", request -> answer.apply(number(name, request)), null);
        }
    }
}
