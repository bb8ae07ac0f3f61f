package org.stockbazaar.order.replication;

/**
 * Thrown by a replica whose log lost rows to damage when asked for its log: until a sync-up gave those rows back, its
 * log may lack entries it acknowledged (or reported in a promise), so it is no source for another replica's log.
 */
public class CatchingUpException extends RuntimeException {

    public CatchingUpException(int replicaId) {
        super("replica " + replicaId + " is getting back the orders it lost to a damaged journal; it serves no log "
                + "until then");
    }
}
