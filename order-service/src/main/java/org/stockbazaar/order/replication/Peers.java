package org.stockbazaar.order.replication;

import java.util.List;
import java.util.function.Predicate;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;

/**
 * How the running replica reaches the other replicas (over HTTP: {@code replica.PeerClient}). A call to one peer
 * that gets no answer throws {@link PeerUnavailableException}; a call to all of them leaves out the peers that did
 * not answer.
 */
public interface Peers {

    /** The other replicas' ids, lowest first. */
    List<Integer> ids();

    AppendReply append(int peer, Append append);

    FetchReply fetch(int peer, Fetch fetch);

    /** The statuses of the peers that answer, asked in parallel; waits for every peer to answer or fail. */
    List<Status> statusOfAll();

    /**
     * As {@link #statusOfAll}, but a peer must answer within the connect timeout: a quick look that a peer which is
     * paused or cut off cannot hold up for a whole read timeout (a replica asked to lead, before it stands).
     */
    List<Status> probeAll();

    /**
     * The replies of the peers that answer, asked in parallel: returns as soon as the replies so far satisfy
     * {@code enough}, else once every peer has answered or failed.
     */
    List<PrepareReply> prepareAll(Prepare prepare, Predicate<List<PrepareReply>> enough);
}
