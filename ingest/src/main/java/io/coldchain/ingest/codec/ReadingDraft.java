package io.coldchain.ingest.codec;

import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;
import java.time.Instant;

/**
 * The fields of one JSON reading while its object is being streamed, reused from reading to
 * reading so that a valid reading costs no allocation beyond the {@code Reading} itself.
 *
 * <p>A reading is always read to its end, even after a problem, so that the problem reported does
 * not depend on field order: each field has a rank, and the lowest-ranked problem wins.
 */
final class ReadingDraft {
    static final int SENSOR = 0;
    static final int TS = 1;
    static final int TEMP_C = 2;
    static final int RH = 3;
    static final int BATTERY_V = 4;
    static final int DOOR_OPEN = 5;

    private static final String[] NAMES = {"sensor", "ts", "temp_c", "rh", "battery_v", "door_open"};
    private static final int NO_PROBLEM = Integer.MAX_VALUE;

    int index;
    long start;
    private int seen;

    /** A valid sensor id, or null. */
    String sensor;
    /** The sensor as sent when it is a string but not a valid id, echoed in the rejection. */
    String invalidSensor;

    Instant ts;
    boolean hasTemp;
    double tempC;
    Double rh;
    Double batteryV;
    Boolean doorOpen;

    private int problemRank;
    private RejectReason problemReason;
    private String problemDetail;

    void reset(int index, long start) {
        this.index = index;
        this.start = start;
        seen = 0;
        sensor = null;
        invalidSensor = null;
        ts = null;
        hasTemp = false;
        tempC = 0;
        rh = null;
        batteryV = null;
        doorOpen = null;
        problemRank = NO_PROBLEM;
        problemReason = null;
        problemDetail = null;
    }

    /** Marks a field as present; false if it already was (a duplicate key). */
    boolean markSeen(int field) {
        int bit = 1 << field;
        boolean first = (seen & bit) == 0;
        seen |= bit;
        return first;
    }

    /** Records a problem with a field; only the lowest-ranked one found is kept. */
    void problem(int field, RejectReason reason, String detail) {
        if (field < problemRank) {
            problemRank = field;
            problemReason = reason;
            problemDetail = detail;
        }
    }

    boolean hasProblem() {
        return problemReason != null;
    }

    /** The kept problem, naming the exact field, e.g. {@code readings[3].temp_c}. */
    Rejection rejection() {
        return new Rejection(problemReason, "readings[" + index + "]." + NAMES[problemRank], problemDetail);
    }

    /** The sensor to show with a rejection: the id, or what was sent in its place. */
    String sensorAsSent() {
        return sensor != null ? sensor : Limits.echo(invalidSensor);
    }
}
