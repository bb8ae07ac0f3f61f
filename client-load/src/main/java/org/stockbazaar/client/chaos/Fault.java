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
    /** SIGKILL the front end and start it again (its cache starts empty). */
    RESTART_FRONTEND;

    /** A fault of one replica: clients must not notice it. */
    boolean singleReplica() {
        return this != RESTART_CATALOG && this != RESTART_FRONTEND;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
