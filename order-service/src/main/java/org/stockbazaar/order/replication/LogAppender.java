package org.stockbazaar.order.replication;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;

/**
 * Sends one follower what it lacks, on a thread of its own, while this replica leads: a batch of entries at a time
 * with one request in flight, when {@link AppendPacing} says so; to a follower that lacks nothing, the news of a
 * commit (an append, possibly empty). What to send, and what the reply means, are {@link ReplicaCore}'s. A follower
 * that does not answer is sent the same again after a pause that doubles up to half a second; meanwhile the other
 * follower is sent everything at once.
 */
final class LogAppender implements Runnable {

    static final int BATCH = 5_000;

    private final int follower;
    private final ReplicaCore core;
    private final AppendPacing pacing;
    private final FollowerLag lag;
    private final ReplicaLock lock;
    private final Peers peers;
    private final BooleanSupplier running;

    LogAppender(int follower, ReplicaCore core, AppendPacing pacing, FollowerLag lag, ReplicaLock lock, Peers peers,
            BooleanSupplier running) {
        this.follower = follower;
        this.core = core;
        this.pacing = pacing;
        this.lag = lag;
        this.lock = lock;
        this.peers = peers;
        this.running = running;
    }

    @Override
    public void run() {
        long backoffMillis = 0;
        while (running.getAsBoolean()) {
            try {
                Append append = lock.read(this::awaitNext);
                if (append == null) {
                    return;
                }
                AppendReply reply = peers.append(follower, append);
                lock.change(() -> {
                    pacing.answered(follower);
                    core.onAppendReply(append, reply);
                    lag.observed(follower, core.lagOf(follower), System.nanoTime());
                    return null;
                });
                backoffMillis = 0;
            } catch (NotLeaderException e) {
                // deposed between the wait and the batch: wait again
            } catch (PeerUnavailableException e) {
                // the follower is down or slow: keep trying, it will need these entries when it is back; meanwhile
                // the other follower is sent everything at once
                lock.read(() -> {
                    pacing.failed(follower);
                    lock.wakeAppenders();
                    return null;
                });
                backoffMillis = Math.min(500, Math.max(20, backoffMillis * 2));
                if (!ReplicaLock.pauseUnlessStopped(backoffMillis)) {
                    return;
                }
            } catch (ReplicaLock.Interrupted e) {
                return;
            }
        }
    }

    /** Under the lock: waits until the follower is due an append, and takes it; null once the replica stops. */
    private Append awaitNext() throws InterruptedException {
        while (running.getAsBoolean()) {
            long now = System.nanoTime();
            long delay = core.hasEntriesFor(follower)
                    ? pacing.delayNanos(follower, core.commitIndex(), now)
                    : pacing.noticeDelayNanos(follower, core.commitNoticeFor(follower), now);
            if (delay == 0) {
                pacing.sent(follower, System.nanoTime());
                return core.appendFor(follower, BATCH);
            }
            lock.awaitToSend(Math.min(delay, TimeUnit.SECONDS.toNanos(1)));
        }
        return null;
    }
}
