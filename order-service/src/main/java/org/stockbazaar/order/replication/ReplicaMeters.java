package org.stockbazaar.order.replication;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The replica's gauges (docs/metrics.md). Each reads under the lock, as a status request does: it observes the
 * protocol and changes nothing. A gauge holds its object weakly: each is given one the replica keeps for its life.
 */
final class ReplicaMeters {

    private ReplicaMeters() {
    }

    static void register(MeterRegistry meters, ReplicaCore core, OrderLog log, FollowerLag lag, LogCopy copy,
            ReplicaLock lock) {
        Gauge.builder("bazaar.replica.epoch", core, c -> lock.read(c::epoch))
                .description("the epoch this replica promised (the leader's term)").register(meters);
        Gauge.builder("bazaar.replica.leader", core, c -> lock.read(c::isLeader) ? 1 : 0)
                .description("1 while this replica leads").register(meters);
        Gauge.builder("bazaar.replica.ready", core, c -> lock.read(c::ready) ? 1 : 0)
                .description("1 once synced up with the others (readiness)").register(meters);
        Gauge.builder("bazaar.replica.log.last", log, l -> lock.read(l::lastIndex))
                .description("the last transaction number in this replica's log").register(meters);
        Gauge.builder("bazaar.syncup.active", copy, c -> c.active() ? 1 : 0)
                .description("1 while a sync-up copies orders from another replica").register(meters);
        Gauge.builder("bazaar.syncup.remaining", copy, LogCopy::remaining).baseUnit("orders")
                .description("orders the running sync-up still has to fetch").register(meters);
        for (int follower : core.peers()) {
            String tag = Integer.toString(follower);
            Gauge.builder("bazaar.replication.lag", core, c -> lock.read(() -> lagOrNaN(c.lagOf(follower))))
                    .description("entries of the leader's log the follower does not yet hold durably (NaN: not leading)")
                    .baseUnit("entries").tag("follower", tag).register(meters);
            Gauge.builder("bazaar.replication.lag.seconds", lag, l -> lock.read(
                            () -> l.seconds(follower, core.lagOf(follower), System.nanoTime())))
                    .description("how long the follower has been behind the leader (NaN: not leading)")
                    .tag("follower", tag).register(meters);
        }
    }

    private static double lagOrNaN(long entries) {
        return entries < 0 ? Double.NaN : entries;
    }
}
