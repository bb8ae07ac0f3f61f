package org.stockbazaar.frontend.leader;

/** Who leads in which epoch: a replica's answer to {@code lead}, and the body of {@code leader} to the others. */
public record Leadership(int leaderId, long epoch) {
}
