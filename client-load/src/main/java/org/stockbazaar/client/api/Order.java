package org.stockbazaar.client.api;

/** An acknowledged trade as the client remembers it, and as {@code GET /orders/{n}} must give it back. */
public record Order(long number, String name, String type, long quantity) {

    @Override
    public String toString() {
        return "#" + number + " " + type + " " + quantity + " " + name;
    }
}
