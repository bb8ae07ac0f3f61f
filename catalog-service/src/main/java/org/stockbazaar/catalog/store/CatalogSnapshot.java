package org.stockbazaar.catalog.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.stockbazaar.catalog.stock.Stock;
import org.stockbazaar.catalog.stock.TradeEntry;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole catalog at journal position {@code seq}, plus the recent trades that a retry may still name. Written to a
 * temporary file, fsync'd, renamed over the old one and the folder fsync'd: a reader finds either the old or the new
 * snapshot, never a mix.
 */
public record CatalogSnapshot(long seq, List<Stock> stocks, List<TradeEntry> recentTrades) {

    public static Optional<CatalogSnapshot> read(Path file, JsonMapper json) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), CatalogSnapshot.class));
        } catch (RuntimeException e) {
            throw new IllegalStateException("catalog snapshot " + file + " is unreadable (" + e.getMessage()
                    + "): refusing to start rather than serve wrong quantities", e);
        }
    }

    public void writeAtomically(Path file, JsonMapper json) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(this));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write catalog snapshot " + file, e);
        }
    }
}
