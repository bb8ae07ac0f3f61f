package org.stockbazaar.support;

import java.io.IOException;
import java.io.Writer;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers some malformed requests itself, before Spring sees them (an invalid percent-encoding in the path,
 * say), with an HTML page. This valve replaces that page with the JSON error model.
 *
 * <p>Tomcat answers a request line or headers beyond {@code server.max-http-request-header-size} (8 KB), or more than
 * 100 headers, with a bare 400; this valve tells the client which limit it hit, with the status made for it: 414 for
 * a request line (a very long stock name) and 431 for the headers.
 *
 * <p>A body that stops arriving is answered 408 once {@code server.tomcat.connection-timeout} passes. Tomcat would
 * then read on for the rest of that body before it ends the answer and closes the connection, waiting the same
 * timeout again; this valve tells it not to, so that the client has its whole answer, and the connection is closed,
 * after one timeout.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        super.invoke(request, response);
        if (response.getStatus() == 408) {
            // the rest of a stalled body would come, if at all, after the timeout that has just passed
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = status == 400 ? "malformed request"
                : status == 404 ? ApiException.NO_SUCH_ENDPOINT : reason(status);
        if (status == 400 && beyondHeaderLimits(throwable)) {
            // the request line is read first: no URI yet means it was the line that did not fit
            boolean requestLine = request.getCoyoteRequest().requestURI().isNull();
            status = requestLine ? 414 : 431;
            message = requestLine ? "request line too long: a URL has at most 8 KB"
                    : "request headers too large: at most 8 KB and 100 headers";
            response.setStatus(status);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\"}}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell it
        }
    }

    /** The status's name ("http version not supported" for a request in HTTP/9.9), as JsonErrorController says it. */
    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase().toLowerCase() : "request failed";
    }

    /** Tomcat's own exceptions for these limits; nothing else of its 400s says "too large" or "maximum". */
    private static boolean beyondHeaderLimits(Throwable throwable) {
        String message = throwable == null ? null : throwable.getMessage();
        return message != null && (message.contains("Request header is too large")
                || message.contains("maximum allowed number of headers"));
    }
}
