package org.stockbazaar.client.chaos;

import tools.jackson.databind.JsonNode;

/** An HTTP answer: status (0 when none came back), the {@code data} object or the error's message. */
record HttpAnswer(int status, JsonNode data, String problem) {

    boolean ok() {
        return status == 200;
    }
}
