package org.stockbazaar.order.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

class FileOrderLogTest {

    private static final String LOG_HEADER = "transaction_number,name,type,quantity\n";
    private static final String JOURNAL_HEADER = "transaction_number,epoch,request_id,name,type,quantity,crc32c\n";
    private static final String UNCHECKED_JOURNAL_HEADER = "transaction_number,epoch,request_id,name,type,quantity\n";
    private static final String[] STOCKS = {"GameStart", "BoarCo", "MenhirCo"};

    private final List<FileOrderLog> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeLogs() throws IOException {
        for (FileOrderLog log : opened) {
            log.close();
        }
    }

    private FileOrderLog open() {
        return open(1_000);
    }

    private FileOrderLog open(int rememberedRequests) {
        FileOrderLog log = new FileOrderLog(dir, 1, rememberedRequests);
        opened.add(log);
        return log;
    }

    private FileOrderLog reopen(FileOrderLog log) throws IOException {
        log.close();
        opened.remove(log);
        return open();
    }

    private Path logFile() {
        return dir.resolve("order_log_1.csv");
    }

    private Path journalFile() {
        return dir.resolve("order_journal_1.csv");
    }

    private static LogEntry entry(long number, long epoch) {
        return new LogEntry(number, epoch, new Trade("r" + number, STOCKS[(int) (number % STOCKS.length)],
                number % 2 == 0 ? TradeType.BUY : TradeType.SELL, number + 1));
    }

    private static List<LogEntry> entries(long from, long to, long epoch) {
        return LongStream.rangeClosed(from, to).mapToObj(n -> entry(n, epoch)).toList();
    }

    /** Three synced and committed entries: #0 and #1 of epoch 1, #2 of epoch 2; closed again. */
    private void writeThreeEntries() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 1, 1));
        log.append(List.of(entry(2, 2)));
        log.sync();
        log.commit(2);
        log.close();
        opened.remove(log);
    }

    private static final String THREE_ROWS = LOG_HEADER + "0,GameStart,buy,1\n1,BoarCo,sell,2\n2,MenhirCo,buy,3\n";
    private static final String THREE_JOURNAL_ROWS = JOURNAL_HEADER
            + j("0,1,r0,GameStart,buy,1\n1,1,r1,BoarCo,sell,2\n2,2,r2,MenhirCo,buy,3\n");

    /** Journal rows as written: each with its CRC32C (of the row before it) as a last column. */
    private static String j(String rows) {
        StringBuilder out = new StringBuilder();
        for (String row : rows.split("\n")) {
            CRC32C crc = new CRC32C();
            crc.update(row.getBytes(StandardCharsets.US_ASCII));
            out.append(row).append(',').append(HexFormat.of().toHexDigits((int) crc.getValue())).append('\n');
        }
        return out.toString();
    }

    private String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private void appendRaw(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void aNewLogIsEmptyWithBothHeadersOnDisk() throws IOException {
        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(-1);
        assertThat(log.epochAt(-1)).isZero();
        assertThat(log.range(0, 10)).isEmpty();
        assertThat(log.sync()).isEqualTo(-1);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER);
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER);
    }

    @Test
    void entriesSurviveAReopenInBothFiles() throws IOException {
        writeThreeEntries();

        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS);
        FileOrderLog log = open();
        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(log.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2));
        assertThat(log.get(2)).isEqualTo(entry(2, 2));
        assertThat(log.epochAt(1)).isEqualTo(1);
        assertThat(log.epochAt(2)).isEqualTo(2);
        assertThat(log.range(1, 1)).containsExactly(entry(1, 1));
        assertThat(log.sync()).as("what was read back is durable").isEqualTo(2);
        assertThat(log.committedIndex()).isEqualTo(2);
    }

    /** A new type of trade needs nothing here: it is written by its wire name and read back as itself. */
    @ParameterizedTest
    @EnumSource(TradeType.class)
    void everyTypeOfTradeIsWrittenByItsWireNameAndReadBack(TradeType type) throws IOException {
        LogEntry entry = new LogEntry(0, 1, new Trade("r0", "GameStart", type, 4));
        FileOrderLog log = open();
        log.append(List.of(entry));
        log.sync();
        log.commit(0);

        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart," + type.wireName() + ",4\n");
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER + j("0,1,r0,GameStart," + type.wireName() + ",4\n"));
        assertThat(reopen(log).get(0)).isEqualTo(entry);
    }

    @Test
    void aJournalRowNamingNoKnownTypeOfTradeStopsTheStart() throws IOException {
        Files.writeString(journalFile(), JOURNAL_HEADER + j("0,1,r0,GameStart,hold,1\n"));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row 1 names no known type of trade");
    }

    @Test
    void anEntryReachesTheLogCsvOnlyOnceCommittedAndAnUncommittedTailIsCutFromTheJournalAlone() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 2, 1));
        log.sync();

        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER + j("0,1,r0,GameStart,buy,1\n1,1,r1,BoarCo,sell,2\n"
                + "2,1,r2,MenhirCo,buy,3\n"));
        assertThat(read(logFile())).as("appended and durable, not committed").isEqualTo(LOG_HEADER);
        assertThat(log.committedIndex()).isEqualTo(-1);

        log.commit(0);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n");
        log.commit(0);
        assertThat(read(logFile())).as("a row is written once").isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n");

        // a new leader replaces the uncommitted #1 and #2: the journal is cut, the CSV keeps what it published
        log.truncateAfter(0);
        log.append(List.of(new LogEntry(1, 2, new Trade("r9", "BoarCo", TradeType.BUY, 7))));
        log.sync();
        log.commit(1);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n1,BoarCo,buy,7\n");
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER + j("0,1,r0,GameStart,buy,1\n1,2,r9,BoarCo,buy,7\n"));
    }

    @Test
    void aPublishedRowIsNeverCut() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 2, 1));
        log.sync();
        log.commit(1);

        assertThatThrownBy(() -> log.truncateAfter(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction 1").hasMessageContaining(logFile().toString());
        assertThat(log.lastIndex()).isEqualTo(2);
        log.truncateAfter(1);
        assertThat(log.lastIndex()).isEqualTo(1);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n1,BoarCo,sell,2\n");
    }

    @Test
    void aCommitBeyondTheLogsEndPublishesWhatTheLogHolds() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 1, 1));
        log.sync();

        log.commit(5);

        assertThat(log.committedIndex()).isEqualTo(1);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n1,BoarCo,sell,2\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3,2", "3,2,r3,GameStart,sell", "3,2,r3,GameStart,sell,", "3,2,r3,GameStart,sell,9",
        "3,2,r3,GameStart,sell,9,4c8e"})
    void aTornLastJournalRowIsDroppedAsNeverDurable(String torn) throws IOException {
        writeThreeEntries();
        appendRaw(journalFile(), torn);

        FileOrderLog log = open();

        assertThat(log.lastIndex()).as("the journal is what counts").isEqualTo(2);
        assertThat(log.lostRows()).as("a row without its newline was never fsync'd whole").isFalse();
        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS);
        assertAppendingAfterwardsGivesValidFiles(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3,GameSt", "3,GameStart,sell,", "3,GameStart,sell,4", "3,GameStart\n"})
    void aTornOrMissingLastLogRowIsWrittenAgainAtTheNextCommit(String torn) throws IOException {
        writeThreeEntries();
        appendRaw(journalFile(), j("3,3,r3,GameStart,sell,4"));
        appendRaw(logFile(), torn);

        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(3);
        assertThat(log.get(3)).isEqualTo(entry(3, 3));
        assertThat(log.committedIndex()).as("the journal row alone does not say #3 was committed").isEqualTo(2);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        log.commit(3);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS + "3,GameStart,sell,4\n");
    }

    @Test
    void aLogFileThatLostSeveralRowsToAPowerLossGetsThemBackAtTheNextCommit() throws IOException {
        writeThreeEntries();
        Files.writeString(logFile(), LOG_HEADER + "0,GameStart,buy,1\n");

        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(log.committedIndex()).isZero();
        assertThat(read(logFile())).isEqualTo(LOG_HEADER + "0,GameStart,buy,1\n");
        log.commit(2);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        assertAppendingAfterwardsGivesValidFiles(log);
    }

    @Test
    void aLogFileLongerThanItsJournalKeepsItsRowsAndTheEntriesFillingThemMustAgree() throws IOException {
        writeThreeEntries();
        appendRaw(logFile(), "3,GameStart,sell,4\n4,BoarCo,buy,5\n");

        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(log.committedIndex()).as("published rows stay published").isEqualTo(4);
        assertThatThrownBy(() -> log.append(List.of(new LogEntry(3, 3, new Trade("r3", "GameStart", TradeType.SELL, 9)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("row 4");
        assertThat(log.lastIndex()).isEqualTo(2);
        log.append(entries(3, 4, 3));
        log.commit(4);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS + "3,GameStart,sell,4\n4,BoarCo,buy,5\n");
    }

    @Test
    void aLogRowBeyondTheJournalWithTheWrongNumberStopsTheStart() throws IOException {
        writeThreeEntries();
        appendRaw(logFile(), "4,GameStart,sell,4\n");

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(logFile().toString()).hasMessageContaining("row 4");
    }

    @Test
    void aTornHeaderIsAnEmptyLog() throws IOException {
        Files.writeString(logFile(), "transaction_num");
        Files.writeString(journalFile(), "");

        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(-1);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER);
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER);
    }

    private void assertAppendingAfterwardsGivesValidFiles(FileOrderLog log) throws IOException {
        log.append(List.of(entry(3, 3)));
        log.sync();
        log.commit(3);
        FileOrderLog reopened = reopen(log);

        assertThat(reopened.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2), entry(3, 3));
        assertThat(read(logFile())).isEqualTo(THREE_ROWS + "3,GameStart,sell,4\n");
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS + j("3,3,r3,GameStart,sell,4"));
    }

    @Test
    void damageBeforeTheLastRowOfTheOrderLogStopsTheStartNamingTheFileAndRow() throws IOException {
        writeThreeEntries();
        Files.writeString(logFile(), THREE_ROWS.replace("1,BoarCo,sell,2\n", "1,BoarCo,sell,x\n"));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(logFile().toString()).hasMessageContaining("row 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aJournalRowWithAFlippedByteIsDetectedAndItAndEverythingAfterItDroppedNamingTheFileAndRow(int row)
            throws IOException {
        writeThreeEntries();
        byte[] bytes = Files.readAllBytes(journalFile());
        int at = JOURNAL_HEADER.length();
        for (int i = 0; i < row; i++) {
            at = THREE_JOURNAL_ROWS.indexOf('\n', at) + 1;
        }
        bytes[at + 7] ^= 0x02; // inside the request id or name: the row still parses, its checksum does not match
        Files.write(journalFile(), bytes);

        FileOrderLog log = open();

        assertThat(log.lostRows()).isTrue();
        assertThat(log.damage()).get().asString().contains(journalFile().toString())
                .contains("damaged at row " + (row + 1)).contains("CRC32C");
        assertThat(log.lastIndex()).as("the rows before the damaged one stay").isEqualTo(row - 1);
        assertThat(log.committedIndex()).as("the log CSV keeps every published row").isEqualTo(2);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        assertThat(dir.resolve("order_journal_1.csv.damaged")).hasBinaryContent(bytes);

        // the entries come back from the peers (they must be the published ones), and the damage mark goes
        log.append(entries(row, 1, 1));
        log.append(List.of(entry(2, 2)));
        log.sync();
        log.repaired();
        FileOrderLog reopened = reopen(log);
        assertThat(reopened.lostRows()).isFalse();
        assertThat(reopened.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2));
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS);
    }

    @Test
    void aReplicaRestartedBeforeItGotItsLostRowsBackStillKnowsItLostThem() throws IOException {
        writeThreeEntries();
        Files.writeString(journalFile(), THREE_JOURNAL_ROWS.replace("r1,BoarCo", "r1,BoarCp"));
        FileOrderLog damaged = open();
        assertThat(damaged.lostRows()).isTrue();

        FileOrderLog reopened = reopen(damaged);

        assertThat(reopened.lostRows()).isTrue();
        assertThat(reopened.damage()).get().asString().contains("order_journal_1.csv.damaged");
    }

    @Test
    void aJournalWithoutChecksumsGetsThemAtItsFirstStart() throws IOException {
        Files.writeString(journalFile(), UNCHECKED_JOURNAL_HEADER
                + "0,1,r0,GameStart,buy,1\n1,1,r1,BoarCo,sell,2\n2,2,r2,MenhirCo,buy,3\n3,2,r3,Gam");
        Files.writeString(logFile(), THREE_ROWS);

        FileOrderLog log = open();

        assertThat(log.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2));
        assertThat(log.lostRows()).isFalse();
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS);
        assertAppendingAfterwardsGivesValidFiles(log);
    }

    @Test
    void damageBeforeTheEndOfAJournalWithoutChecksumsStopsTheStart() throws IOException {
        Files.writeString(journalFile(), UNCHECKED_JOURNAL_HEADER
                + "0,1,r0,GameStart,buy,1\n1,1,r1,BoarCo,sell\n2,2,r2,MenhirCo,buy,3\n");

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journalFile().toString()).hasMessageContaining("row 2");
    }

    @Test
    void aLogRowThatDisagreesWithItsJournalRowStopsTheStartNamingBothFiles() throws IOException {
        writeThreeEntries();
        Files.writeString(logFile(), THREE_ROWS.replace("1,BoarCo,sell,2\n", "1,BoarCo,buy,2\n"));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(logFile().toString()).hasMessageContaining(journalFile().toString())
                .hasMessageContaining("row 2");
    }

    @Test
    void aMissingRowInTheMiddleOfTheJournalStopsTheStartNamingTheFileAndRow() throws IOException {
        writeThreeEntries();
        Files.writeString(journalFile(), THREE_JOURNAL_ROWS.replace(j("1,1,r1,BoarCo,sell,2"), ""));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journalFile().toString()).hasMessageContaining("row 2");
    }

    @Test
    void aWrongHeaderStopsTheStart() throws IOException {
        Files.writeString(logFile(), "number,stock,side,units\n0,GameStart,buy,1\n");

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(logFile().toString()).hasMessageContaining("header");
    }

    @Test
    void aDataFolderOfTheEarlierTwoFileFormatIsConvertedKeepingTheRowsBothFilesHold() throws IOException {
        Path metaFile = dir.resolve("order_meta_1.csv");
        Files.writeString(logFile(), THREE_ROWS + "3,GameStart,sell,4\n");
        Files.writeString(metaFile, "transaction_number,epoch,request_id\n0,1,r0\n1,1,r1\n2,2,r2\n3,3,r");

        FileOrderLog log = open();

        assertThat(log.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 2));
        assertThat(read(journalFile())).isEqualTo(THREE_JOURNAL_ROWS);
        assertThat(read(logFile())).isEqualTo(THREE_ROWS);
        assertThat(metaFile).doesNotExist();
        assertAppendingAfterwardsGivesValidFiles(log);
    }

    @Test
    void aConversionInterruptedAfterTheJournalWasInPlaceKeepsTheJournal() throws IOException {
        writeThreeEntries();
        Path metaFile = dir.resolve("order_meta_1.csv");
        Files.writeString(metaFile, "transaction_number,epoch,request_id\n0,1,r0\n");

        FileOrderLog log = open();

        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(metaFile).doesNotExist();
    }

    @Test
    void truncateAfterThenAppendReplacesTheTailOnDisk() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 4, 1));
        log.sync();

        log.truncateAfter(2);
        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(log.sync()).isEqualTo(2);
        log.append(entries(3, 3, 2));
        log.sync();

        assertThat(log.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 1), entry(3, 2));
        FileOrderLog reopened = reopen(log);
        assertThat(reopened.range(0, 10)).containsExactly(entry(0, 1), entry(1, 1), entry(2, 1), entry(3, 2));
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER + j("0,1,r0,GameStart,buy,1\n1,1,r1,BoarCo,sell,2\n"
                + "2,1,r2,MenhirCo,buy,3\n3,2,r3,GameStart,sell,4\n"));
    }

    @Test
    void truncationIsOnDiskWithoutAnotherSync() throws IOException {
        FileOrderLog log = open();
        log.append(entries(0, 4, 1));
        log.sync();

        log.truncateAfter(0);

        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER + j("0,1,r0,GameStart,buy,1"));
        log.truncateAfter(-1);
        assertThat(log.lastIndex()).isEqualTo(-1);
        assertThat(read(journalFile())).isEqualTo(JOURNAL_HEADER);
        assertThat(read(logFile())).isEqualTo(LOG_HEADER);
    }

    @Test
    void anEntryOutOfOrderIsRefused() {
        FileOrderLog log = open();
        log.append(List.of(entry(0, 1)));

        assertThatThrownBy(() -> log.append(List.of(entry(2, 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.lastIndex()).isZero();
    }

    @Test
    void indexOfFindsRecentRequestIdsAndForgetsTruncatedOnes() throws IOException {
        FileOrderLog log = open(3);
        log.append(entries(0, 4, 1));
        log.sync();

        assertThat(log.indexOf("r4")).hasValue(4);
        assertThat(log.indexOf("r2")).hasValue(2);
        assertThat(log.indexOf("r1")).as("older than the 3 remembered").isEmpty();

        log.truncateAfter(2);
        assertThat(log.indexOf("r3")).isEmpty();
        assertThat(log.indexOf("r4")).isEmpty();
        assertThat(log.indexOf("r2")).hasValue(2);
        log.append(List.of(new LogEntry(3, 2, new Trade("r9", "BoarCo", TradeType.BUY, 1))));
        assertThat(log.indexOf("r9")).hasValue(3);

        log.sync();
        log.close();
        opened.remove(log);
        FileOrderLog reopened = open(3);
        assertThat(reopened.indexOf("r9")).hasValue(3);
        assertThat(reopened.indexOf("r1")).hasValue(1);
        assertThat(reopened.indexOf("r0")).as("older than the 3 remembered").isEqualTo(OptionalLong.empty());
    }
}
