package org.stockbazaar.order.replica;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.Replica;
import org.stockbazaar.order.storage.FileOrderLog;
import org.stockbazaar.order.storage.FileReplicaStateStore;
import tools.jackson.databind.json.JsonMapper;

/** The running replica over its files ({@code storage/}) and the other replicas over HTTP. */
@Configuration(proxyBeanMethods = false)
class ReplicaConfiguration {

    @Bean
    Replica replica(OrderProperties properties, PeerClient peers, JsonMapper json, MeterRegistry meters) {
        Timer fsyncTime = Timer.builder("bazaar.order.journal.fsync")
                .description("one fsync of the order journal (a group commit's, a follower's append, a sync-up batch)")
                .register(meters);
        FileOrderLog orderLog = new FileOrderLog(properties.dataDir(), properties.id(),
                properties.rememberedRequests(), nanos -> fsyncTime.record(nanos, TimeUnit.NANOSECONDS));
        return new Replica(properties, peers, orderLog, orderLog::force, orderLog,
                new FileReplicaStateStore(properties.dataDir(), properties.id(), json), meters);
    }
}
