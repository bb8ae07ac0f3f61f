package org.stockbazaar.client.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a client's next request goes out, and from which moment its latency counts.
 *
 * <p>Closed model (the default, and the seed's): the next request goes out when the previous answer is in, and
 * latency counts from the actual send. A server that stalls for a second delays the requests that would have been
 * sent meanwhile, so they are never measured: the stall shows as one slow request (coordinated omission).
 *
 * <p>Open model ({@code --rate}): requests are due on a fixed schedule and latency counts from the moment a
 * request was due, as wrk2 does. A request that could not go out on time because the previous one was still waiting
 * carries that wait in its latency, so a stall shows in every request it held up.
 */
interface Pacing {

    /** Waits until the next request is due; returns the moment (in {@link System#nanoTime()}) its latency counts from. */
    long nextSend() throws InterruptedException;

    static Pacing closed() {
        return System::nanoTime;
    }

    /**
     * @param perSecond this client's share of the rate
     * @param phase     where in the first interval this client starts (0 to 1): clients spread over the interval
     *                  instead of all sending at once
     */
    static Pacing fixedRate(double perSecond, double phase) {
        return new FixedRate(perSecond, phase);
    }

    final class FixedRate implements Pacing {

        private final long intervalNanos;
        private long due;

        private FixedRate(double perSecond, double phase) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("rate must be positive, was " + perSecond);
            }
            this.intervalNanos = Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / perSecond));
            this.due = System.nanoTime() + Math.round(phase * intervalNanos);
        }

        @Override
        public long nextSend() throws InterruptedException {
            long intended = due;
            // the schedule never slips: a late client sends at once until it has caught up, and each late request
            // is measured from when it was due
            due += intervalNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return intended;
        }
    }
}
