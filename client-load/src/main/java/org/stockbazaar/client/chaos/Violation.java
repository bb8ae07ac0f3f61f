package org.stockbazaar.client.chaos;

import java.util.List;

/** A broken promise: which rule, what happened, and the operations and log lines that show it. */
record Violation(int rule, String what, List<String> evidence) {

    Violation(int rule, String what, String... evidence) {
        this(rule, what, List.of(evidence));
    }
}
