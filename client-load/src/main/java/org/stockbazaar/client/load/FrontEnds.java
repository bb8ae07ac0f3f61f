package org.stockbazaar.client.load;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The front ends a run spreads its sessions over, round-robin: the i-th session the run starts (counting from 0,
 * the warm-up's included, in the order the clients start them) goes to front end i mod n. With one session per
 * client at each p, every front end gets its share of each step's sessions: with 5 clients and 3 front ends, 2, 2
 * and 1, the one left with 1 moving on at each step. A session keeps its front end to its end, so its orders are
 * queried back through the front end that acknowledged them.
 */
final class FrontEnds {

    private final List<URI> urls;
    private final AtomicLong sessions = new AtomicLong();

    FrontEnds(List<URI> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no front end to send sessions to");
        }
        this.urls = List.copyOf(urls);
    }

    /** The front end of the next session started. */
    URI nextSession() {
        return urls.get((int) (sessions.getAndIncrement() % urls.size()));
    }

    /** The first front end given: the one whose cache the run samples. */
    URI first() {
        return urls.get(0);
    }

    List<URI> all() {
        return urls;
    }

    int count() {
        return urls.size();
    }

    @Override
    public String toString() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }
}
