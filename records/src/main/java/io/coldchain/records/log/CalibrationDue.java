package io.coldchain.records.log;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a calibration due date runs out. A certificate "due 2026-03-31" is valid through that whole
 * day where the sensor is, so readings become "after due" at the next local midnight in the site's
 * zone, not at UTC midnight (which in Asia/Shanghai would flag the last eight hours of the due day
 * and in America/* leave hours of the next day unflagged). The log, its CSV and the batch trace use
 * this one rule so that they never disagree.
 */
public final class CalibrationDue {
    private CalibrationDue() {}

    /** The first instant after {@code due} in {@code zone}; null when there is no due date. */
    public static Instant end(LocalDate due, ZoneId zone) {
        return due == null ? null : due.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
