package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stockbazaar.support.trade.TradeType;
import tools.jackson.databind.json.JsonMapper;

class TradeJournalTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<TradeJournal> opened = new ArrayList<>();

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("catalog-journal.log");
    }

    private TradeJournal journal() {
        TradeJournal journal = new TradeJournal(file(), json);
        opened.add(journal);
        return journal;
    }

    @AfterEach
    void closeJournals() throws IOException {
        for (TradeJournal journal : opened) {
            journal.close();
        }
    }

    private static TradeEntry entry(long seq) {
        return new TradeEntry(seq, "request-" + seq, seq % 2 == 0 ? "GameStart" : "BoarCo",
                seq % 3 == 0 ? TradeType.SELL : TradeType.BUY, seq, 1000 - seq, seq * 2);
    }

    private static List<TradeEntry> entries(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(TradeJournalTest::entry).toList();
    }

    /** Writes entries 1..count through a journal and closes it; returns the file size. */
    private long written(int count) throws IOException {
        TradeJournal journal = new TradeJournal(file(), json);
        assertThat(journal.open()).isEmpty();
        entries(1, count).forEach(journal::append);
        journal.syncThrough(count);
        journal.close();
        return Files.size(file());
    }

    @Test
    void entriesComeBackIdenticalAndInOrderAfterReopening() throws IOException {
        written(3);

        assertThat(journal().open()).containsExactlyElementsOf(entries(1, 3));
    }

    @Test
    void eachEntryIsOneChecksummedJsonLine() throws IOException {
        written(2);

        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("[0-9a-f]{8} \\{.*\\}").contains("\"seq\":1", "\"type\":\"buy\"");
    }

    @Test
    void appendsAfterReopeningContinueTheJournal() throws IOException {
        written(2);
        TradeJournal reopened = journal();
        reopened.open();
        reopened.append(entry(3));
        reopened.syncThrough(3);
        reopened.close();

        assertThat(journal().open()).containsExactlyElementsOf(entries(1, 3));
    }

    @Test
    void garbageAfterTheLastLineIsDroppedAndCutOff() throws IOException {
        long intact = written(2);
        Files.write(file(), "3fa1c0de {\"seq\":3,\"requ".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);

        TradeJournal reopened = journal();
        assertThat(reopened.open()).containsExactlyElementsOf(entries(1, 2));
        assertThat(Files.size(file())).isEqualTo(intact);

        reopened.append(entry(3));
        reopened.syncThrough(3);
        reopened.close();
        assertThat(journal().open()).containsExactlyElementsOf(entries(1, 3));
    }

    @Test
    void lineCutMidWayByACrashIsDroppedAndLaterAppendsMakeAValidJournal() throws IOException {
        written(3);
        long endOfSecondLine = Files.readAllLines(file()).subList(0, 2).stream()
                .mapToLong(line -> line.length() + 1).sum();
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file()) - 10);
        }

        TradeJournal reopened = journal();
        assertThat(reopened.open()).containsExactlyElementsOf(entries(1, 2));
        assertThat(Files.size(file())).isEqualTo(endOfSecondLine);

        reopened.append(entry(3));
        reopened.append(entry(4));
        reopened.syncThrough(4);
        reopened.close();
        assertThat(journal().open()).containsExactlyElementsOf(entries(1, 4));
    }

    @Test
    void anEntryIsJournaledWithTheQuantityItTraded() throws IOException {
        written(1);

        assertThat(Files.readAllLines(file()).get(0)).endsWith(" {\"seq\":1,\"requestId\":\"request-1\","
                + "\"name\":\"BoarCo\",\"type\":\"buy\",\"quantity\":1,\"quantityAfter\":999,\"volumeAfter\":2}");
    }

    /** A new type of trade needs nothing here: it is journaled by its wire name and read back as itself. */
    @ParameterizedTest
    @EnumSource(TradeType.class)
    void everyTypeOfTradeIsJournaledAndReadBack(TradeType type) throws IOException {
        TradeEntry entry = new TradeEntry(1, "r1", "GameStart", type, 2, 98, 2);
        TradeJournal journal = journal();
        journal.open();
        journal.append(entry);
        journal.syncThrough(1);
        journal.close();

        assertThat(Files.readString(file())).contains("\"type\":\"" + type.wireName() + "\"");
        assertThat(journal().open()).containsExactly(entry);
    }

    /** Journals written before the field was called quantity name it units: they replay all the same. */
    @Test
    void aJournalLineThatSaysUnitsStillLoads() throws IOException {
        String body = "{\"seq\":1,\"requestId\":\"request-1\",\"name\":\"BoarCo\",\"type\":\"buy\","
                + "\"units\":1,\"quantityAfter\":999,\"volumeAfter\":2}";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(file(), java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + " " + body + "\n");

        assertThat(journal().open()).containsExactly(entry(1));
    }

    @Test
    void aLineNamingATypeNoOneKnowsIsDamage() throws IOException {
        written(2);
        List<String> lines = Files.readAllLines(file());
        String body = lines.get(0).substring(9).replace("\"buy\"", "\"hold\"");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(file(), java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + " " + body + "\n"
                + lines.get(1) + "\n");

        assertThatThrownBy(() -> journal().open()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged at byte 0");
    }

    @Test
    void damagedLineBeforeTheEndStopsTheOpen() throws IOException {
        written(3);
        List<String> lines = Files.readAllLines(file());
        long secondLineStart = lines.get(0).length() + 1;
        byte[] content = Files.readAllBytes(file());
        int digit = (int) secondLineStart + lines.get(1).indexOf("\"quantity\":") + "\"quantity\":".length();
        content[digit] = (byte) (content[digit] == '9' ? '8' : '9');
        Files.write(file(), content);

        assertThatThrownBy(() -> journal().open()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged at byte " + secondLineStart)
                .hasMessageContaining("not at its end")
                .hasMessageContaining(file().toString());
        assertThat(Files.readAllBytes(file())).isEqualTo(content);
    }

    @Test
    void emptiedJournalAfterASnapshotHoldsOnlyLaterEntries() throws IOException {
        TradeJournal journal = journal();
        journal.open();
        entries(1, 5).forEach(journal::append);
        journal.truncateAfterSnapshot(5);
        journal.syncThrough(5);
        journal.append(entry(6));
        journal.syncThrough(6);
        journal.close();

        assertThat(journal().open()).containsExactly(entry(6));
    }

    @Test
    void concurrentAppendersAllEndDurableAndInOrder() throws Exception {
        TradeJournal journal = journal();
        journal.open();
        int threads = 8;
        int perThread = 50;
        ReentrantLock catalogLock = new ReentrantLock();
        long[] lastSeq = {0};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                appenders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long seq;
                        // as Catalog.trade: sequence and append under the lock, fsync outside it
                        catalogLock.lock();
                        try {
                            seq = ++lastSeq[0];
                            journal.append(entry(seq));
                        } finally {
                            catalogLock.unlock();
                        }
                        journal.syncThrough(seq);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> appender : appenders) {
                appender.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        journal.close();

        assertThat(journal().open()).containsExactlyElementsOf(entries(1, threads * perThread));
    }
}
