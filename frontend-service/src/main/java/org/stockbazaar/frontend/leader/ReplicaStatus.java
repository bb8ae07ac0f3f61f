package org.stockbazaar.frontend.leader;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A replica's answer to a status probe. The role is kept as text, and fields this front end does not know are
 * ignored, so that a replica reporting more (a role such as SYNCING, a new counter) is still understood.
 *
 * @param ready false while the replica syncs up after a start: it must not be asked to lead
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReplicaStatus(int id, String role, int leaderId, long promisedEpoch, long logEpoch, long lastIndex,
        long commitIndex, boolean ready) {

    boolean leads() {
        return ready && "LEADER".equals(role);
    }
}
