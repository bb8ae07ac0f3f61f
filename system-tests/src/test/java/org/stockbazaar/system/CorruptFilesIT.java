package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * Damaged files on disk, met by the real services at start (docs/hostile-input.md, "Damaged files"): a torn tail left
 * by a crash is cut off, said so in the log, and (order replicas) synced back from the peers (a torn order-log row
 * with an intact journal row is restored from the journal: FileOrderLogTest); damage anywhere else
 * stops the start with a message naming the file and the place. A damaged copy is started as a separate process on
 * its own port, so the shared stack keeps running on intact files.
 */
class CorruptFilesIT {

    private static final Duration REFUSAL = Duration.ofSeconds(60);

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @BeforeEach
    void someOrdersOnDisk() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.post(stack.frontend.url().resolve("/orders"),
                    Map.of("name", "GOOGL", "quantity", 1, "type", "sell")).status()).isEqualTo(200);
        }
        replicas.awaitIdenticalLogs();
    }

    @Test
    void replicaWithAHalfWrittenLastJournalRowDropsItSaysSoAndSyncsItBackFromItsPeers() throws Exception {
        int follower = replicas.other(replicas.leader());
        String intact = replicas.logText(follower);
        Path journal = stack.orderLog(follower).resolveSibling("order_journal_" + follower + ".csv");
        String intactJournal = Files.readString(journal);
        stack.replica(follower).kill9();
        // a crash in the middle of writing the last journal row: only its first half reached the disk, and its log
        // row (written after it) not at all
        String lastRow = intact.lines().reduce((a, b) -> b).orElseThrow();
        truncate(stack.orderLog(follower), intact.length() - lastRow.length() - 1);
        String lastJournalRow = intactJournal.lines().reduce((a, b) -> b).orElseThrow();
        truncate(journal, intactJournal.length() - lastJournalRow.length() / 2 - 1);
        int logBefore = stack.replica(follower).logText().length();

        stack.replica(follower).start();

        String startLog = stack.replica(follower).logText().substring(logBefore);
        assertThat(startLog).contains("dropped a torn last row left by a crash: " + lastJournalRow.substring(0,
                lastJournalRow.length() - lastJournalRow.length() / 2));
        assertThat(startLog).contains("Syncup Done");
        replicas.awaitIdenticalLogs();
        assertThat(replicas.logText(follower)).isEqualTo(intact);
        assertThat(Files.readString(journal)).isEqualTo(intactJournal);
    }

    @Test
    void replicaWithARowDamagedBeforeTheEndRefusesToStartNamingTheFileAndRow() throws Exception {
        int id = replicas.other(replicas.leader());
        Path copy = copyOf(stack.runDir.resolve("data/order-" + id), "damaged-order-" + id);
        Path log = copy.resolve("order_log_" + id + ".csv");
        List<String> rows = Files.readAllLines(log);
        rows.set(1, "0,GameStart,bu");
        Files.write(log, rows);

        int port = ServiceProcess.freePort();
        ServiceProcess damaged = new ServiceProcess("order-" + id + "-damaged", Stack.jar("order-service"), port,
                Map.of("BAZAAR_INTERNAL_TOKEN", stack.token,
                        "ORDER_ID", String.valueOf(id),
                        // its peers are ports nothing listens on: even a wrong start could not reach the real replicas
                        "ORDER_PEERS", peersOnlyItself(id, port),
                        "BAZAAR_ORDER_DATA_DIR", copy.toString(),
                        "BAZAAR_ORDER_CATALOG_URL", "http://127.0.0.1:" + ServiceProcess.freePort()),
                stack.runDir.resolve("order-" + id + "-damaged.log"), Stack.READY_WITHIN);
        damaged.launch();

        assertThat(damaged.awaitExit(REFUSAL)).as("exit code").isNotZero();
        assertThat(damaged.logText()).contains(log + " is damaged at row 1 (not at its end): refusing to start "
                + "with a damaged log");
    }

    @Test
    void catalogWithATornLastJournalLineCutsItSaysSoAndServesTheSameQuantities() throws Exception {
        Path copy = copyOf(stack.runDir.resolve("data/catalog"), "torn-catalog");
        String torn = "1f0a6c3e {\"seq\":99,\"requestId\":\"x\",\"na";
        Files.writeString(copy.resolve("catalog-journal.log"), torn, StandardOpenOption.APPEND);
        ServiceProcess catalog = catalogOn(copy, "catalog-torn");
        try {
            catalog.start();

            assertThat(catalog.logText()).contains("dropped a torn last entry of " + torn.length() + " bytes left by a crash");
            assertThat(api.internalGet(catalog.url().resolve("/internal/stocks")).data())
                    .isEqualTo(api.internalGet(stack.catalog.url().resolve("/internal/stocks")).data());
        } finally {
            catalog.stop();
        }
    }

    @Test
    void catalogWithAJournalLineDamagedBeforeTheEndRefusesToStartNamingTheFileAndByte() throws Exception {
        Path copy = copyOf(stack.runDir.resolve("data/catalog"), "damaged-catalog");
        Path journal = copy.resolve("catalog-journal.log");
        byte[] content = Files.readAllBytes(journal);
        assertThat(new String(content, StandardCharsets.UTF_8).lines().count()).isGreaterThan(1);
        content[20] ^= 1; // one bit flipped in the first line: its checksum no longer matches
        Files.write(journal, content);
        ServiceProcess catalog = catalogOn(copy, "catalog-damaged");
        catalog.launch();

        assertThat(catalog.awaitExit(REFUSAL)).as("exit code").isNotZero();
        assertThat(catalog.logText()).contains("catalog journal " + journal + " is damaged at byte 0 (not at its "
                + "end): refusing to start rather than serve wrong quantities");
    }

    @Test
    void catalogWithAnUnreadableSnapshotRefusesToStartNamingTheFile() throws Exception {
        Path copy = copyOf(stack.runDir.resolve("data/catalog"), "damaged-snapshot");
        Path snapshot = copy.resolve("catalog-snapshot.json");
        Files.writeString(snapshot, "{\"seq\":3,\"stocks\":[{\"name\":\"GameSt");
        ServiceProcess catalog = catalogOn(copy, "catalog-bad-snapshot");
        catalog.launch();

        assertThat(catalog.awaitExit(REFUSAL)).as("exit code").isNotZero();
        assertThat(catalog.logText()).contains("catalog snapshot " + snapshot + " is unreadable")
                .contains("refusing to start rather than serve wrong quantities");
    }

    private ServiceProcess catalogOn(Path dataDir, String name) {
        return new ServiceProcess(name, Stack.jar("catalog-service"), ServiceProcess.freePort(),
                Map.of("BAZAAR_INTERNAL_TOKEN", stack.token,
                        "BAZAAR_CATALOG_DATA_DIR", dataDir.toString()),
                stack.runDir.resolve(name + ".log"), Stack.READY_WITHIN);
    }

    private Path copyOf(Path folder, String name) {
        Path copy = stack.runDir.resolve("data-copies").resolve(name);
        try (Stream<Path> files = Files.list(folder)) {
            Files.createDirectories(copy);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    private static String peersOnlyItself(int id, int port) {
        StringBuilder peers = new StringBuilder();
        for (int other = 1; other <= 3; other++) {
            peers.append(peers.isEmpty() ? "" : ",").append(other).append("=http://127.0.0.1:")
                    .append(other == id ? port : ServiceProcess.freePort());
        }
        return peers.toString();
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
