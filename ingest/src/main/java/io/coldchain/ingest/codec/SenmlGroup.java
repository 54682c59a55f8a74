package io.coldchain.ingest.codec;

import java.time.Instant;

/**
 * The records of one sensor at one resolved time, which together make one reading. Remembers
 * where each record lies in the payload, so that if the group lacks a valid temp record every
 * record in it can still be rejected with its own text rather than vanish.
 */
final class SenmlGroup {
    final String sensor;
    final Instant ts;
    Double temp;
    Double rh;
    Double battery;
    Boolean door;

    /** Triples of (record index, start offset, end offset). */
    private int[] records = new int[12];

    private int size;

    SenmlGroup(String sensor, Instant ts) {
        this.sensor = sensor;
        this.ts = ts;
    }

    boolean has(SenmlField field) {
        switch (field) {
            case TEMP:
                return temp != null;
            case RH:
                return rh != null;
            case BATTERY:
                return battery != null;
            default:
                return door != null;
        }
    }

    void set(SenmlField field, double value, Boolean bool) {
        switch (field) {
            case TEMP:
                temp = value;
                break;
            case RH:
                rh = value;
                break;
            case BATTERY:
                battery = value;
                break;
            default:
                door = bool;
        }
    }

    void addRecord(int index, long start, long end) {
        if (size * 3 == records.length) {
            records = java.util.Arrays.copyOf(records, records.length * 2);
        }
        records[size * 3] = index;
        records[size * 3 + 1] = (int) start;
        records[size * 3 + 2] = (int) end;
        size++;
    }

    int recordCount() {
        return size;
    }

    int recordIndex(int i) {
        return records[i * 3];
    }

    int recordStart(int i) {
        return records[i * 3 + 1];
    }

    int recordEnd(int i) {
        return records[i * 3 + 2];
    }
}
