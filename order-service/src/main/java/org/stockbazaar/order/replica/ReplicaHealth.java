package org.stockbazaar.order.replica;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.stockbazaar.order.replication.Replica;

/**
 * Part of the readiness group: a replica is ready only once it has synced up with the others, so the front end,
 * which picks a leader among ready replicas, never picks one that is still catching up.
 */
@Component("replicaHealthIndicator")
class ReplicaHealth implements HealthIndicator {

    private final Replica replica;

    ReplicaHealth(Replica replica) {
        this.replica = replica;
    }

    @Override
    public Health health() {
        return replica.ready()
                ? Health.up().build()
                : Health.outOfService().withDetail("syncup", "catching up with the other replicas").build();
    }
}
