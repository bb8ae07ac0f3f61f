package org.stockbazaar.client.chaos;

import java.util.Locale;

/** What the nemesis can do to the stack. */
enum Fault {
    /** SIGKILL the replica that leads now, restart it after a pause. */
    KILL_LEADER,
    /** SIGKILL a replica that does not lead, restart it after a pause. */
    KILL_FOLLOWER,
    /** SIGKILL a follower, restart it after orders went on without it, SIGKILL it again while it syncs up. */
    KILL_SYNCING,
    /** SIGSTOP a replica for longer than the front end's replica timeout, then SIGCONT. */
    PAUSE_REPLICA,
    /** SIGKILL the catalog and start it again on its data folder. */
    RESTART_CATALOG,
    /** SIGSTOP the catalog for longer than the leader's read timeout of a catalog call, then SIGCONT. */
    PAUSE_CATALOG,
    /** SIGKILL the front end and start it again (its cache starts empty). */
    RESTART_FRONTEND,
    /**
     * SIGKILL the leader and a follower together, restart both after a pause: no majority meanwhile, so trades
     * fail, but none that was acknowledged may be lost. Only with {@code --max-down 2}.
     */
    KILL_TWO_REPLICAS,
    /**
     * SIGSTOP the leader for longer than every timeout of a caller (the front end's order deadline among them,
     * {@code --pause-leader-long}), then SIGCONT: it wakes up deposed, and the catalog must refuse its epoch.
     */
    PAUSE_LEADER_LONG,
    /**
     * SIGSTOP the catalog past the front end's order deadline ({@code --stall-catalog-long}), then SIGCONT: trades in
     * flight end without a definitive answer, and those sent once without a key are never asked about again.
     */
    STALL_CATALOG_LONG,
    /**
     * SIGKILL a follower, delete its data folder while it is down, start it again: it must rebuild its log from
     * its peers. Only when asked for by name ({@code --kinds}), never among the default kinds.
     */
    WIPE_REPLICA;

    /** A fault of one replica: clients must not notice it. */
    boolean singleReplica() {
        return this != RESTART_CATALOG && this != PAUSE_CATALOG && this != RESTART_FRONTEND
                && this != KILL_TWO_REPLICAS && this != STALL_CATALOG_LONG;
    }

    /**
     * Among the kinds a run chooses from when none are named: every kind, {@link #KILL_TWO_REPLICAS} only when two
     * replicas may be down at once.
     */
    boolean byDefault(int maxDown) {
        return maxDown > 1 || this != KILL_TWO_REPLICAS;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
