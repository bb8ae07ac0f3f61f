package org.stockbazaar.order.replication;

/**
 * Thrown by a replica whose log lost rows to damage, or whose state was lost with its disk, when asked for its log
 * (or, with its state lost, to append): until a sync-up gave it a leader's log back, its log may lack entries it
 * acknowledged (or reported in a promise), so it is no source for another replica's log; and until it has learnt
 * the cluster's newest epoch it may not help an older leader commit.
 */
public class CatchingUpException extends RuntimeException {

    public CatchingUpException(int replicaId) {
        super("replica " + replicaId + " is getting back the orders it lost (a damaged journal, or its data folder);"
                + " it serves no log until then");
    }
}
