package org.stockbazaar.order.replication;

/**
 * Another replica did not answer a protocol message: it is down, unreachable or slow, or it refused (a replica that
 * is catching up answers a fetch or an append with an error). The runtime treats every such case alike: the appender
 * tries again after a pause, the start-up sync asks again, an election counts no answer from it.
 */
public class PeerUnavailableException extends RuntimeException {

    /** @param cause what the transport reported; its message is this exception's */
    public PeerUnavailableException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
