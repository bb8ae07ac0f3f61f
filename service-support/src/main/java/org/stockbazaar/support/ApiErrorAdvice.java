package org.stockbazaar.support;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every exception a controller lets escape into the one error model. Unknown paths, wrong methods and
 * unreadable bodies get their proper 4xx status; anything unexpected is logged here and reaches the client as a
 * plain 500 without a stack trace. Its answers are public ({@link #respond}, {@link #unhandled}) for what answers
 * outside a controller: frames, the container's error page, a filter in front of Spring MVC.
 */
@RestControllerAdvice
public class ApiErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException ex) {
        return respond(ex.status(), ex.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> any(Exception ex) {
        if (ex instanceof ErrorResponse framework) {
            // with the headers the status calls for: Allow on a 405, Accept on a 415
            return respond(framework.getStatusCode(), messageFor(ex), framework.getHeaders());
        }
        // a path variable or parameter that does not convert (a number given as "abc") is the caller's fault
        if (ex instanceof HttpMessageNotReadableException || ex instanceof MethodArgumentTypeMismatchException) {
            return respond(HttpStatus.BAD_REQUEST, messageFor(ex));
        }
        return unhandled(ex);
    }

    /** What nothing expected: logged here with its stack trace, answered as a plain 500 without it. */
    public static ResponseEntity<ApiError> unhandled(Exception ex) {
        log.error("Unhandled error", ex);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static String messageFor(Exception ex) {
        if (ex instanceof NoResourceFoundException) {
            return ApiException.NO_SUCH_ENDPOINT;
        }
        if (ex instanceof HttpRequestMethodNotSupportedException method) {
            return "method " + method.getMethod() + " not allowed here";
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return "content type not supported: send application/json";
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return "only application/json responses are available";
        }
        if (ex instanceof HttpMessageNotReadableException) {
            // valid JSON with a field of the wrong type ("quantity":1.5) or out of range (2^63 for a long): name it
            if ((ex.getCause() instanceof MismatchedInputException || ex.getCause() instanceof InputCoercionException)
                    && ex.getCause() instanceof JacksonException wrong && !wrong.getPath().isEmpty()
                    && wrong.getPath().get(0).getPropertyName() != null) {
                return "malformed request body: wrong type or value for " + pathOf(wrong.getPath());
            }
            return "malformed request body: expected a JSON object";
        }
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            return "invalid value for " + mismatch.getName();
        }
        return ex instanceof ErrorResponse framework && framework.getBody().getDetail() != null
                ? framework.getBody().getDetail()
                : "bad request";
    }

    /** Where in the body: {@code quantity}, or {@code trades[1].quantity} inside a batch. */
    private static String pathOf(List<JacksonException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                where.append(where.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.toString();
    }

    /** Always JSON, whatever the client's Accept header asked for: the error model is the only error format. */
    public static ResponseEntity<ApiError> respond(HttpStatusCode status, String message) {
        return respond(status, message, HttpHeaders.EMPTY);
    }

    /** The same, with the headers that go with the status (the framework's {@link ErrorResponse#getHeaders()}). */
    private static ResponseEntity<ApiError> respond(HttpStatusCode status, String message, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(status.value(), message));
    }
}
