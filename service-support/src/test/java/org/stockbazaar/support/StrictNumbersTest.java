package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper every service reads request bodies with (a catalog trade, a replica's order). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "bazaar.internal.token=test-token")
class StrictNumbersTest {

    record Trade(String type, Long quantity, String requestId) {
    }

    @Autowired
    JsonMapper json;

    @Test
    void anIntegerIsReadAsSent() {
        assertThat(json.readValue("{\"type\":\"sell\",\"quantity\":3,\"requestId\":\"r\"}", Trade.class))
                .isEqualTo(new Trade("sell", 3L, "r"));
    }

    @Test
    void aFractionIsNotRoundedToAnInteger() {
        assertThatThrownBy(() -> json.readValue("{\"type\":\"sell\",\"quantity\":1.5}", Trade.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void aStringIsNotReadAsANumber() {
        assertThatThrownBy(() -> json.readValue("{\"type\":\"sell\",\"quantity\":\"3\"}", Trade.class))
                .isInstanceOf(JacksonException.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ServiceSupportConfiguration.class)
    static class App {
    }
}
