package org.stockbazaar.frontend.order;

/** Who leads in which epoch: a replica's answer to {@code lead}, and the body of {@code leader} to the others. */
record Leadership(int leaderId, long epoch) {
}
