package org.stockbazaar.client.api;

import java.util.List;

/** The stocks the catalog is seeded with (catalog-service's stocks.csv), each at quantity 100. */
public final class Stocks {

    public static final List<String> NAMES = List.of("GameStart", "BoarCo", "MenhirCo", "RottenFishCo",
            "AAPL", "AMZN", "GOOGL", "META", "NVDA", "NFLX");
    public static final long INITIAL_QUANTITY = 100;

    private Stocks() {
    }
}
