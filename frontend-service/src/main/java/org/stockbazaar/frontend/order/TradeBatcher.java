package org.stockbazaar.frontend.order;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.Trade;

/**
 * Trades on their way to the leader, sent in batches (docs/replication.md, "Batches"): at most {@code senderCount}
 * batches are on their way at once, each holding every trade waiting (up to {@code maxBatch}) when it left. With no
 * batch out, a lone trade leaves at once; under load, a batch holds what arrived while the others were on their way,
 * and leaves beside them only once it is no smaller than the last batch that left ({@link #awaitCompany}): else it
 * waits for that company or for the batches out to come back, never for a timer. {@code send} completes every
 * trade's answer; should it throw instead, the trades it left unanswered get a 500 rather than waiting forever.
 *
 * <p>{@link #sendOrQueue} lets the client's own thread carry its trade when no batch is out and nothing waits: the
 * trade then costs no hand-off to a sender thread and back, two thread wake-ups on the path of every trade of a
 * lightly loaded front end. Otherwise the trade queues and the sender threads carry it, as {@link #submit} does.
 *
 * <p>Hand-written rather than a library: what it needs (no linger, a bounded number of batches in flight, blocking
 * callers) is a queue and a loop, and the reactive libraries that batch streams would bring a second concurrency
 * model into a servlet application for it.
 */
final class TradeBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TradeBatcher.class);

    /** A trade waiting for its answer, and the moment its client stops waiting ({@link System#nanoTime()}). */
    record Pending(Trade request, long giveUpNanos, CompletableFuture<Long> answer) {
    }

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    /** One permit per batch that may be on its way. */
    private final Semaphore slots;
    /** Trades a sender thread has taken from the queue while it waits for a slot: they are still waiting too. */
    private final AtomicInteger takenWaiting = new AtomicInteger();
    private final int senderCount;
    private final int maxBatch;
    private final Consumer<List<Pending>> send;
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean open = true;
    /** Guards {@link #out} and {@link #lastSize}; a sender waiting for company waits on it. */
    private final Object gate = new Object();
    /** Batches on their way. */
    private int out;
    /** How many trades the last batch that left held. */
    private int lastSize = 1;
    /** Senders waiting on {@link #gate} for company: a newly queued trade wakes them. */
    private volatile int awaitingCompany;

    TradeBatcher(int senderCount, int maxBatch, Consumer<List<Pending>> send) {
        this.senderCount = senderCount;
        this.maxBatch = maxBatch;
        this.send = send;
        this.slots = new Semaphore(senderCount, true);
        for (int i = 1; i <= senderCount; i++) {
            Thread sender = new Thread(this::sendLoop, "trade-sender-" + i);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
    }

    /** Queues a trade; the answer is its transaction number, or the {@link ApiException} its client gets. */
    CompletableFuture<Long> submit(Trade request, long giveUpNanos) {
        Pending pending = new Pending(request, giveUpNanos, new CompletableFuture<>());
        waiting.add(pending);
        if (awaitingCompany > 0) {
            synchronized (gate) {
                gate.notifyAll();
            }
        }
        if (!open) {
            // closed meanwhile: the senders may be gone already
            pending.answer().completeExceptionally(shuttingDown());
        }
        return pending.answer();
    }

    /**
     * Sends the trade from the calling thread when no batch is out and no trade queued before it; else queues it as
     * {@link #submit} does. The answer is complete on return in the first case.
     */
    CompletableFuture<Long> sendOrQueue(Trade request, long giveUpNanos) {
        // only while no batch is out: under load the trade waits for a sender, and the batch it leaves in gathers
        // the trades that arrive meanwhile (fewer, larger batches: each costs the leader one pass, whatever its size)
        if (open && waiting.isEmpty() && slots.availablePermits() == senderCount && freeSlot()) {
            Pending mine = new Pending(request, giveUpNanos, new CompletableFuture<>());
            List<Pending> batch = new ArrayList<>();
            batch.add(mine);
            try {
                carry(batch);
            } finally {
                slots.release();
            }
            return mine.answer();
        }
        return submit(request, giveUpNanos);
    }

    /** Takes a slot if one is free now; fair, so a sender thread already waiting for a slot goes first. */
    private boolean freeSlot() {
        try {
            return slots.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Trades waiting for a sender. */
    int queued() {
        return waiting.size() + takenWaiting.get();
    }

    private void sendLoop() {
        while (open) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(waiting.take());
                takenWaiting.incrementAndGet();
                try {
                    slots.acquire();
                    try {
                        awaitCompany();
                    } catch (InterruptedException e) {
                        slots.release();
                        throw e;
                    }
                } finally {
                    takenWaiting.decrementAndGet();
                }
            } catch (InterruptedException e) {
                // closing: close() answers what is left in the queue, and this batch's trade here
                batch.forEach(pending -> pending.answer().completeExceptionally(shuttingDown()));
                break;
            }
            try {
                carry(batch);
            } finally {
                slots.release();
            }
        }
    }

    /**
     * With a slot taken: returns at once if no batch is out; else once as many trades wait (this sender's own
     * included) as the last batch that left held, or once no batch is out. So a batch leaves beside another only
     * when it is no smaller: the leader's work is mostly per batch, and splitting the waiting trades into small
     * batches costs more than it gains. Never waits on a timer: the batches out come back.
     */
    private void awaitCompany() throws InterruptedException {
        synchronized (gate) {
            awaitingCompany++;
            try {
                while (out > 0 && waiting.size() + 1 < lastSize && open) {
                    gate.wait();
                }
            } finally {
                awaitingCompany--;
            }
        }
    }

    /** Fills {@code batch} from the queue, sends it and sees every trade in it answered; counted as out meanwhile. */
    private void carry(List<Pending> batch) {
        synchronized (gate) {
            waiting.drainTo(batch, maxBatch - batch.size());
            out++;
            lastSize = batch.size();
        }
        try {
            send.accept(batch);
        } catch (RuntimeException e) {
            log.error("Sending a batch of {} trades failed", batch.size(), e);
        } finally {
            // a trade the send left unanswered (it failed unexpectedly): built only then, since an exception's stack
            // trace costs more than the rest of this method
            if (!batch.stream().allMatch(pending -> pending.answer().isDone())) {
                ApiException unanswered = new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
                batch.forEach(pending -> pending.answer().completeExceptionally(unanswered));
            }
            synchronized (gate) {
                out--;
                gate.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        open = false;
        senders.forEach(Thread::interrupt);
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(pending -> pending.answer().completeExceptionally(shuttingDown()));
    }

    private static ApiException shuttingDown() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the front end is shutting down");
    }
}
