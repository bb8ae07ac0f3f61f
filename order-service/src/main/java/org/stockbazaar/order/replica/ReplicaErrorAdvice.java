package org.stockbazaar.order.replica;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.stockbazaar.order.replication.CatchingUpException;
import org.stockbazaar.order.replication.NoMajorityException;
import org.stockbazaar.support.ApiError;

/**
 * The replication runtime's failures as the API answers them, in the one error model: 503 with the exception's
 * message, for any controller (a trade that no majority confirmed in time reaches the client through
 * {@code trade/}). A replica that is catching up answers a fetch or an append with it (the caller's sync-up or
 * appender tries again); so does a replica that could not lead, and a trade not confirmed in time.
 *
 * <p>Ordered first: the shared advice's catch-all ({@code support.ApiErrorAdvice}) would otherwise answer them 500.
 * {@link org.stockbazaar.order.replication.NotLeaderException} is not mapped here: a trade or an order query turns
 * it into its 503 in {@code trade/}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReplicaErrorAdvice {

    @ExceptionHandler({CatchingUpException.class, NoMajorityException.class})
    ResponseEntity<ApiError> unavailable(RuntimeException e) {
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(status.value(), e.getMessage()));
    }
}
