package org.stockbazaar.catalog.stock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stockbazaar.support.AtomicFile;

/**
 * The newest order-leader epoch the catalog has heard from, kept in {@code catalog-leader-epoch} (one number,
 * replaced atomically): a leader of an older epoch is refused even after the catalog restarts.
 */
final class LeaderEpoch {

    private final Path file;
    private long epoch;

    LeaderEpoch(Path file) {
        this.file = file;
        try {
            this.epoch = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("leader epoch file " + file + " is damaged: refusing to start", e);
        }
    }

    long current() {
        return epoch;
    }

    /** Records a newer epoch durably (before the caller acts for it); an older or equal one changes nothing. */
    void advanceTo(long newer) {
        if (newer > epoch) {
            AtomicFile.replace(file, (newer + "\n").getBytes(StandardCharsets.US_ASCII));
            epoch = newer;
        }
    }
}
