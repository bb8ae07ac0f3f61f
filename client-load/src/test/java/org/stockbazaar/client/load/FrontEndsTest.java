package org.stockbazaar.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FrontEndsTest {

    private static final URI A = URI.create("http://127.0.0.1:8091");
    private static final URI B = URI.create("http://127.0.0.1:8191");
    private static final URI C = URI.create("http://127.0.0.1:8192");

    @Test
    void theIthSessionGoesToFrontEndIModN() {
        FrontEnds frontEnds = new FrontEnds(List.of(A, B, C));

        List<URI> sessions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sessions.add(frontEnds.nextSession());
        }

        assertThat(sessions).containsExactly(A, B, C, A, B, C, A);
        assertThat(frontEnds.first()).isEqualTo(A);
        assertThat(frontEnds).hasToString("http://127.0.0.1:8091,http://127.0.0.1:8191,http://127.0.0.1:8192");
    }

    @Test
    void oneFrontEndGetsEverySession() {
        FrontEnds frontEnds = new FrontEnds(List.of(A));

        assertThat(List.of(frontEnds.nextSession(), frontEnds.nextSession())).containsExactly(A, A);
        assertThat(frontEnds).hasToString("http://127.0.0.1:8091");
    }

    @Test
    void clientsStartingSessionsAtOnceShareTheFrontEndsEvenly() throws Exception {
        FrontEnds frontEnds = new FrontEnds(List.of(A, B, C));
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<URI> sessions = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                work.add(clients.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        sessions.add(frontEnds.nextSession());
                    }
                }));
            }
            for (Future<?> client : work) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }

        Map<URI, Long> perFrontEnd = sessions.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perFrontEnd).containsOnly(Map.entry(A, 400L), Map.entry(B, 400L), Map.entry(C, 400L));
    }

    @Test
    void noFrontEndIsRefused() {
        assertThatThrownBy(() -> new FrontEnds(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no front end");
    }
}
