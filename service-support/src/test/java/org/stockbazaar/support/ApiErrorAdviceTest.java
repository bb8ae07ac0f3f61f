package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

class ApiErrorAdviceTest {

    private final MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders.standaloneSetup(new Orders())
            .setControllerAdvice(new ApiErrorAdvice()).build());

    @Test
    void aPathVariableThatIsNotANumberIsA400NotA500() {
        assertThat(mvc.get().uri("/orders/abc")).hasStatus(400).bodyJson()
                .isEqualTo("{\"error\":{\"code\":400,\"message\":\"invalid value for number\"}}");
        assertThat(mvc.get().uri("/orders/99999999999999999999")).hasStatus(400);
    }

    @Test
    void aPathVariableThatConvertsReachesTheController() {
        assertThat(mvc.get().uri("/orders/7")).hasStatus(200).bodyJson().isEqualTo("{\"data\":7}");
    }

    @Test
    void aBodyFieldOfTheWrongTypeIsNamed() {
        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\":\"x\"}"))
                .hasStatus(400).bodyJson().isEqualTo(
                        "{\"error\":{\"code\":400,\"message\":\"malformed request body: wrong type or value for quantity\"}}");
        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .content("{\"quantity\":9223372036854775808}")).hasStatus(400).bodyJson().isEqualTo(
                        "{\"error\":{\"code\":400,\"message\":\"malformed request body: wrong type or value for quantity\"}}");
        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\":"))
                .hasStatus(400).bodyJson().isEqualTo(
                        "{\"error\":{\"code\":400,\"message\":\"malformed request body: expected a JSON object\"}}");
    }

    record Order(long quantity) {
    }

    @RestController
    static class Orders {

        @PostMapping("/orders")
        ApiData<Long> trade(@RequestBody Order order) {
            return ApiData.of(order.quantity());
        }

        @GetMapping("/orders/{number}")
        ApiData<Long> order(@PathVariable long number) {
            return ApiData.of(number);
        }
    }
}
