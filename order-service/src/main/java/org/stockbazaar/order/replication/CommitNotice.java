package org.stockbazaar.order.replication;

/**
 * Whether a leader owes a follower that lacks no entry the news of their commit (the follower publishes its entries
 * to {@code order_log_<id>.csv} only once told): {@code NONE} (told all it holds), {@code WAITING} (it holds entries
 * not yet committed), {@code DUE} (it holds committed entries it was not told of).
 */
enum CommitNotice { NONE, WAITING, DUE }
