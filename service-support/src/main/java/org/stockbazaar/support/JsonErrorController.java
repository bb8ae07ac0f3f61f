package org.stockbazaar.support;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the servlet container rejecting a request, a filter failing) are forwarded to
 * {@code /error}; this keeps them in the same JSON model instead of Boot's default page.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // a client asking for /error itself: there was no error, and there is no such endpoint
            return ApiErrorAdvice.respond(HttpStatus.NOT_FOUND, ApiException.NO_SUCH_ENDPOINT);
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = switch (status) {
            case NOT_FOUND -> ApiException.NO_SUCH_ENDPOINT;
            case BAD_REQUEST -> "malformed request";
            case INTERNAL_SERVER_ERROR -> "internal error";
            default -> status.getReasonPhrase().toLowerCase();
        };
        return ApiErrorAdvice.respond(status, message);
    }
}
