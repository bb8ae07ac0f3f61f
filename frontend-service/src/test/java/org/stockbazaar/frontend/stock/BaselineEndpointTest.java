package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The benchmark's constant lookup: off unless asked for, as a property read at run time. */
class BaselineEndpointTest {

    @Nested
    @WebMvcTest(controllers = BaselineController.class, properties = "bazaar.internal.token=test-token")
    class Off {

        @Autowired
        private MockMvcTester mvc;

        @Test
        void answersLikeAnUnknownPath() {
            assertThat(mvc.get().uri("/baseline").exchange()).hasStatus(HttpStatus.NOT_FOUND)
                    .bodyJson().isEqualTo("{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
        }
    }

    @Nested
    @WebMvcTest(controllers = BaselineController.class, properties = {"bazaar.internal.token=test-token",
            "bazaar.frontend.baseline-endpoint=true"})
    class On {

        @Autowired
        private MockMvcTester mvc;

        @Test
        void answersALookupShapedConstant() {
            assertThat(mvc.get().uri("/baseline").exchange()).hasStatusOk()
                    .bodyJson().isEqualTo("{\"data\":{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":100}}");
        }
    }
}
