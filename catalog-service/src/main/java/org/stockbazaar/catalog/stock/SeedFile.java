package org.stockbazaar.catalog.stock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** The stocks a new catalog starts with: a CSV with the header {@code name,price,quantity}. */
final class SeedFile {

    private SeedFile() {
    }

    static List<Stock> read(String location) {
        try (InputStream in = location == null || location.isBlank()
                ? SeedFile.class.getResourceAsStream("/stocks.csv")
                : Files.newInputStream(Path.of(location))) {
            CsvMapper csv = new CsvMapper();
            try (MappingIterator<Row> rows = csv.readerFor(Row.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
                return rows.readAll().stream().map(row -> new Stock(row.name(), row.price(), row.quantity(), 0))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stock seed file " + location, e);
        }
    }

    record Row(String name, BigDecimal price, long quantity) {
    }
}
