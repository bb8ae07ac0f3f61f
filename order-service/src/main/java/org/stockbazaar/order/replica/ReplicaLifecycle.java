package org.stockbazaar.order.replica;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.stockbazaar.order.replication.Replica;

/** Starts the replica's threads with the application and stops them (and closes the log) at its end. */
@Component
class ReplicaLifecycle implements SmartLifecycle {

    private final Replica replica;

    ReplicaLifecycle(Replica replica) {
        this.replica = replica;
    }

    @Override
    public void start() {
        replica.start();
    }

    @Override
    public void stop() {
        replica.stop();
    }

    @Override
    public boolean isRunning() {
        return replica.isRunning();
    }

    /**
     * Started before the web server and stopped after it (lifecycles stop from the highest phase down): a graceful
     * shutdown first lets the requests in flight finish, and trades waiting for their commit need the appenders and
     * the open log until then; so does the frame server (support.FrameServer, stopped between the two). Spring's
     * default phase would stop the replica first and close the log under them.
     */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }
}
