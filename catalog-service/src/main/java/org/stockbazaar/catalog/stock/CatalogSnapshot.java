package org.stockbazaar.catalog.stock;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.stockbazaar.support.AtomicFile;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole catalog at journal position {@code seq} (the first {@code seq} committed orders applied). Written to a
 * temporary file, fsync'd, renamed over the old one and the folder fsync'd: a reader finds either the old or the new
 * snapshot, never a mix. (Snapshots written before the order log decided trades also hold {@code recentTrades};
 * they are ignored.)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CatalogSnapshot(long seq, List<Stock> stocks) {

    static Optional<CatalogSnapshot> read(Path file, JsonMapper json) {
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

    void writeAtomically(Path file, JsonMapper json) {
        AtomicFile.replace(file,
                json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(this));
    }
}
