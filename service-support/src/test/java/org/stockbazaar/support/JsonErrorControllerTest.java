package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class JsonErrorControllerTest {

    private final JsonErrorController controller = new JsonErrorController();

    @Test
    void aClientAskingForTheErrorPathItselfGetsA404NotA500() {
        ResponseEntity<ApiError> reply = controller.error(new MockHttpServletRequest("GET", "/error"));

        assertThat(reply.getStatusCode().value()).isEqualTo(404);
        assertThat(reply.getBody()).isEqualTo(ApiError.of(404, "no such endpoint"));
    }

    @Test
    void anErrorForwardedByTheContainerKeepsItsStatus() {
        MockHttpServletRequest forwarded = new MockHttpServletRequest("GET", "/error");
        forwarded.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 408);

        ResponseEntity<ApiError> reply = controller.error(forwarded);

        assertThat(reply.getStatusCode().value()).isEqualTo(408);
        assertThat(reply.getBody()).isEqualTo(ApiError.of(408, "request timeout"));
    }
}
