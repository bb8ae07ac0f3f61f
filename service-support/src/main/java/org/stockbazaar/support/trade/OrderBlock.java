package org.stockbazaar.support.trade;

/**
 * Committed orders {@code first}, {@code first + 1}, ... as the leader sends them to a front end
 * ({@code GET /internal/order-blocks/{first}}): at most {@link #SIZE} of them, as many as are committed, in columns
 * (the names, types and quantities of the orders in turn) so that a block costs little to send and to keep. The log's
 * committed orders are numbered without gaps from 0, so a block holds them all from {@code first} on, up to the
 * commit point or its size.
 */
public record OrderBlock(long first, String[] names, TradeType[] types, long[] quantities) {

    /** How many orders a block holds at most: a front end that misses one order fetches those around it too. */
    public static final int SIZE = 512;

    /** The first number of the block that holds {@code number}. */
    public static long firstOf(long number) {
        return Math.floorDiv(number, SIZE) * SIZE;
    }

    /** How many orders it holds. */
    public int size() {
        return names.length;
    }
}
