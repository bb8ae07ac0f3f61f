package org.stockbazaar.frontend.order;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

/**
 * Trades on their way to the leader, sent in batches (docs/replication.md, "Batches"): a fixed number of sender
 * threads each take every trade waiting (up to {@code maxBatch}) and hand them to {@code send} as one batch. A batch
 * never waits for company: with a sender free, a lone trade leaves at once; under load, a batch holds what arrived
 * while the others were on their way. {@code send} completes every trade's answer; should it throw instead, the
 * trades it left unanswered get a 500 rather than waiting forever.
 *
 * <p>Hand-written rather than a library: what it needs (no linger, a bounded number of batches in flight, blocking
 * callers) is a queue and a loop, and the reactive libraries that batch streams would bring a second concurrency
 * model into a servlet application for it.
 */
final class TradeBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TradeBatcher.class);

    /** A trade waiting for its answer, and the moment its client stops waiting ({@link System#nanoTime()}). */
    record Pending(TradeRequest request, long giveUpNanos, CompletableFuture<Long> answer) {
    }

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<Pending>> send;
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean open = true;

    TradeBatcher(int senderCount, int maxBatch, Consumer<List<Pending>> send) {
        this.maxBatch = maxBatch;
        this.send = send;
        for (int i = 1; i <= senderCount; i++) {
            Thread sender = new Thread(this::sendLoop, "trade-sender-" + i);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
    }

    /** Queues a trade; the answer is its transaction number, or the {@link ApiException} its client gets. */
    CompletableFuture<Long> submit(TradeRequest request, long giveUpNanos) {
        Pending pending = new Pending(request, giveUpNanos, new CompletableFuture<>());
        waiting.add(pending);
        if (!open) {
            // closed meanwhile: the senders may be gone already
            pending.answer().completeExceptionally(shuttingDown());
        }
        return pending.answer();
    }

    /** Trades waiting for a sender. */
    int queued() {
        return waiting.size();
    }

    private void sendLoop() {
        while (open) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            waiting.drainTo(batch, maxBatch - 1);
            try {
                send.accept(batch);
            } catch (RuntimeException e) {
                log.error("Sending a batch of {} trades failed", batch.size(), e);
            } finally {
                ApiException unanswered = new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
                batch.forEach(pending -> pending.answer().completeExceptionally(unanswered));
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
