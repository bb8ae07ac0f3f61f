package org.stockbazaar.support;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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
 * One internal JSON endpoint on a trade's path ({@code POST /internal/orders}, {@code /internal/replica/append},
 * {@code /internal/committed}): the body read into a record, the controller's method called, its answer written as
 * JSON. Spring MVC's {@code DispatcherServlet} serves it as a plain {@link HttpRequestHandler}, mapped by its bean
 * name (the path) and behind the same filters and interceptors (the internal guard) as every other endpoint; what it
 * leaves out is the annotated-method machinery (argument resolvers, message-converter and content negotiation,
 * return-value handlers), which cost these busy internal calls more than the work they carry
 * ({@code docs/performance.md}, "Internal endpoints on a trade's path"). Bodies, answers, statuses and error messages
 * are the same as an annotated {@code @PostMapping} with a {@code @RequestBody} gives: a wrong method is 405, a body
 * that is not JSON 415, an unreadable one 400, and every exception goes through the application's
 * {@code @RestControllerAdvice} ({@link AdviceResolver}).
 *
 * <p>Made by {@link Factory#of}, declared as a bean named after its path inside the controller that answers it, so
 * that a {@code @WebMvcTest} of that controller serves it too.
 */
public final class JsonEndpoint<T> implements HttpRequestHandler {

    private final JsonMapper json;
    private final Class<T> type;
    private final Function<T, ?> answer;

    private JsonEndpoint(JsonMapper json, Class<T> type, Function<T, ?> answer) {
        this.json = json;
        this.type = type;
        this.answer = answer;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        byte[] bytes = json.writeValueAsBytes(answer.apply(read(request)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private T read(HttpServletRequest request) throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), Set.of("POST"));
        }
        MediaType media;
        try {
            media = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage());
        }
        if (!isJson(media)) {
            throw new HttpMediaTypeNotSupportedException(media, List.of(MediaType.APPLICATION_JSON));
        }
        T body;
        try {
            body = json.readValue(request.getInputStream(), type);
        } catch (InvalidDefinitionException e) {
            // as Spring's Jackson converter: a record Jackson cannot build is this service's bug, not the caller's
            throw new HttpMessageConversionException("Type definition error: " + e.getType(), e);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                    new ServletServerHttpRequest(request));
        }
        if (body == null) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        return body;
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

        /** An endpoint that reads a {@code type} and answers with what {@code answer} returns. */
        public <T> JsonEndpoint<T> of(Class<T> type, Function<T, ?> answer) {
            return new JsonEndpoint<>(json, type, answer);
        }
    }
}
