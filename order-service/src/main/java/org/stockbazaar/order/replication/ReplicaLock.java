package org.stockbazaar.order.replication;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The running replica's one lock. It guards the {@link ReplicaCore} (and its log) and the leader's bookkeeping kept
 * beside it ({@link AppendPacing}, {@link FollowerLag}); every role reads and changes them only inside {@link #read}
 * or {@link #change}. A change wakes the waiters it concerns: the appenders when a leader's log grew, the trades
 * waiting for their commit when the commit index moved, both when the role or epoch changed. Waking every waiter on
 * every change would cost a context switch per waiter, several times per batch.
 */
final class ReplicaLock {

    private final ReplicaCore core;
    private final OrderLog log;
    private final ReentrantLock lock = new ReentrantLock();
    /** Appenders wait here: signalled when a leader's log grows, its role or epoch changes, or a follower fails. */
    private final Condition toSend = lock.newCondition();
    /** Trades wait here for their commit: signalled when the commit index moves or the role or epoch changes. */
    private final Condition toCommit = lock.newCondition();

    ReplicaLock(ReplicaCore core, OrderLog log) {
        this.core = core;
        this.log = log;
    }

    /** Runs a change under the lock and wakes the waiters it concerns. */
    <T> T change(Step<T> step) {
        lock.lock();
        try {
            boolean leading = core.isLeader();
            long epoch = core.epoch();
            long lastIndex = log.lastIndex();
            long commitIndex = core.commitIndex();
            T result = step.run();
            boolean roleChanged = leading != core.isLeader() || epoch != core.epoch();
            if (roleChanged || core.isLeader() && lastIndex != log.lastIndex()) {
                toSend.signalAll();
            }
            if (roleChanged || commitIndex != core.commitIndex()) {
                toCommit.signalAll();
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a look (or a wait) under the lock, waking no one. */
    <T> T read(Step<T> step) {
        lock.lock();
        try {
            return step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } finally {
            lock.unlock();
        }
    }

    /** Inside {@link #read}: an appender waits for something to send, at most {@code nanos}. */
    void awaitToSend(long nanos) throws InterruptedException {
        toSend.awaitNanos(nanos);
    }

    /** Inside {@link #read} or {@link #change}: wakes the appenders (a follower failed: the others may send now). */
    void wakeAppenders() {
        toSend.signalAll();
    }

    /** Inside {@link #read}: a trade waits for the commit index to move; returns the nanoseconds left. */
    long awaitToCommit(long nanos) throws InterruptedException {
        return toCommit.awaitNanos(nanos);
    }

    /** Sleeps outside the lock; an interrupt (the replica stops) ends the sleeping thread's loop. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    /**
     * {@link #pause} for a catch block, where the sibling handler of {@link Interrupted} does not apply: false,
     * instead of an exception, if the thread was interrupted (the replica stops) and its loop should end.
     */
    static boolean pauseUnlessStopped(long millis) {
        try {
            pause(millis);
            return true;
        } catch (Interrupted e) {
            return false;
        }
    }

    /** What runs under the lock; it may wait on the lock's conditions. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws InterruptedException;
    }

    /** The thread was interrupted while it waited: the replica stops, and the thread's loop ends. */
    static final class Interrupted extends RuntimeException {
    }
}
