package org.stockbazaar.client.chaos;

import java.util.ArrayList;
import java.util.List;

/** Every client operation of a run, appended by the client threads as each one ends. */
final class History {

    private final long startNanos;
    private final List<Operation> operations = new ArrayList<>();

    History(long startNanos) {
        this.startNanos = startNanos;
    }

    long micros(long nanos) {
        return (nanos - startNanos) / 1000;
    }

    long nowMicros() {
        return micros(System.nanoTime());
    }

    synchronized void add(Operation operation) {
        operations.add(operation);
    }

    synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }
}
