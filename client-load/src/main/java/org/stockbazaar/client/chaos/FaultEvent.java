package org.stockbazaar.client.chaos;

/**
 * One injected fault: from the moment it was injected to the moment the stack was whole again (every service
 * ready), in microseconds since the run started.
 */
record FaultEvent(int round, Fault fault, String target, long startMicros, long endMicros, String note) {

    static final String CSV_HEADER = "round,fault,target,start_us,end_us,note";

    String csv() {
        return round + "," + fault.label() + "," + target + "," + startMicros + "," + endMicros + ",\""
                + note.replace("\"", "\"\"") + "\"";
    }
}
