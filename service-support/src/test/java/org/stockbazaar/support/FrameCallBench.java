package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A benchmark, not a test (its name keeps it out of {@code ./mvnw verify}): what one internal call in a frame costs,
 * the caller's {@link JsonClient} and the {@link FrameServer} that answers it together, in one JVM, one call at a
 * time on one connection, with the body and answer of {@link FrameTransportTest}'s {@code /internal/direct}. Run with
 * {@code ./mvnw -q -pl service-support test -Dtest=FrameCallBench} (settings: {@code -Dbench.calls=40000}
 * {@code -Dbench.rounds=5}); it prints, after as many calls to warm up, each round's wall time and the JVM's CPU time
 * per call (docs/performance.md, "System calls on the frames").
 */
@SpringBootTest(classes = FrameTransportTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bazaar.internal.token=bench-token", "spring.main.banner-mode=off", "logging.level.root=warn"})
class FrameCallBench {

    private static final TypeReference<ApiData<Long>> LONG = new TypeReference<>() {
    };

    @LocalServerPort
    private int port;

    @Test
    void oneCallAtATime() {
        JsonClient client = new ServiceClients(RestClient::builder, null, "bench-token", JsonMapper.builder().build(),
                true).json("http://127.0.0.1:" + port, Duration.ofSeconds(5), Duration.ofSeconds(5));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int calls = Integer.getInteger("bench.calls", 40_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        call(client, calls);
        for (int round = 1; round <= rounds; round++) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            call(client, calls);
            long wall = System.nanoTime() - start;
            System.out.printf("frame calls, round %d of %d: %.1f us a call, %.1f us of CPU a call (%d calls)%n",
                    round, rounds, wall / 1e3 / calls, (os.getProcessCpuTime() - cpu) / 1e3 / calls, calls);
        }
    }

    private static void call(JsonClient client, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThat(client.post("/internal/direct", Map.of("quantity", 3), LONG).data()).isEqualTo(3);
        }
    }
}
