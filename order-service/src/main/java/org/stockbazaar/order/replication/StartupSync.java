package org.stockbazaar.order.replication;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.replication.Messages.Status;

/**
 * The sync-up after a (re)start, on a thread of its own: asks the peers where they stand until {@link ReplicaCore}
 * can plan (it needs a majority), copies the leader's log if one leads, and ends once the core says the replica is
 * ready. A replica whose log lost rows, or that lost its state, keeps at it until a leader's whole log is back.
 */
final class StartupSync implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StartupSync.class);

    private final String me;
    private final ReplicaCore core;
    private final OrderLog orderLog;
    private final ReplicaLock lock;
    private final Peers peers;
    private final LogCopy copy;
    private final boolean newCluster;
    private final BooleanSupplier running;

    StartupSync(String me, ReplicaCore core, OrderLog orderLog, ReplicaLock lock, Peers peers, LogCopy copy,
            boolean newCluster, BooleanSupplier running) {
        this.me = me;
        this.core = core;
        this.orderLog = orderLog;
        this.lock = lock;
        this.peers = peers;
        this.copy = copy;
        this.newCluster = newCluster;
        this.running = running;
    }

    @Override
    public void run() {
        boolean waitingLogged = false;
        while (running.getAsBoolean()) {
            try {
                List<Status> statuses = peers.statusOfAll();
                boolean stateUnknown = lock.read(core::stateUnknown);
                ReplicaCore.SyncPlan plan = lock.change(() -> core.planSyncUp(statuses, newCluster));
                if (!plan.possible()) {
                    if (!waitingLogged) {
                        log.info(stateUnknown
                                ? "{}This replica has no state (a new data folder, or a lost one): it waits for a "
                                        + "majority of its peers to learn the cluster's epoch, then for a leader to "
                                        + "copy the log from; a new cluster starts only with every replica empty "
                                        + "and bazaar.order.new-cluster=true"
                                : "{}Waiting for a majority of replicas to sync up with", me);
                        waitingLogged = true;
                    }
                    ReplicaLock.pause(200);
                    continue;
                }
                if (plan.syncUp() != null) {
                    log.info("{}Starting syncup from replica {} (the leader)", me, plan.sourceId());
                    copy.copyFrom(plan.sourceId(), plan.syncUp());
                }
                if (!lock.change(() -> core.syncedUp(plan.syncUp()))) {
                    // the log lost rows to damage: it needs a leader's whole log before it may vote again
                    ReplicaLock.pause(200);
                    continue;
                }
                log.info("{}Syncup Done: {} orders in the log", me, orderLog.lastIndex() + 1);
                return;
            } catch (PeerUnavailableException e) {
                log.info("{}Syncup interrupted ({}); trying again", me, e.getMessage());
                if (!ReplicaLock.pauseUnlessStopped(200)) {
                    return;
                }
            } catch (ReplicaLock.Interrupted e) {
                return;
            }
        }
    }
}
