package io.coldchain.records.export;

import io.coldchain.records.log.CalibrationDue;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The temperature log as CSV, RFC 4180 (Apache Commons CSV's {@code RFC4180} format: comma, double
 * quotes where needed, CRLF), one row per reading, or per bucket when the log is rolled up. The
 * header names each column's unit; {@code ts_utc_rfc3339} is UTC (what the daily digests hash), and the
 * last column, {@code ts_local_rfc3339}, is the same instant in the site's time zone with its offset. Written with a library rather than
 * by hand because names and addresses are free text: quoting is where hand-written CSV goes wrong.
 */
public final class LogCsv {
    public static final List<String> HEADER = List.of(
            "site",
            "asset",
            "sensor",
            "row",
            "ts_utc_rfc3339",
            "temp_c_celsius",
            "min_c_celsius",
            "max_c_celsius",
            "readings",
            "rh_percent",
            "battery_v_volt",
            "door_open",
            "gateway",
            "calibration_overdue",
            "ts_local_rfc3339");

    private LogCsv() {}

    /** An RFC 4180 printer with this header row; the same dialect for every CSV export. */
    static CSVPrinter printer(java.io.Writer out, java.util.List<String> header) throws java.io.IOException {
        return new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get());
    }

    public static String render(TemperatureLog log) {
        StringWriter out = new StringWriter(4096);
        try (CSVPrinter csv = LogCsv.printer(out, HEADER)) {
            for (AssetLog a : log.assets()) {
                for (SensorLog s : a.sensors()) {
                    Instant dueEnd = CalibrationDue.end(s.calibration().due(), log.zone());
                    for (Point p : s.curve()) {
                        boolean overdue = dueEnd != null && !p.ts().isBefore(dueEnd);
                        if (s.raw()) {
                            csv.printRecord(
                                    log.site().site(),
                                    a.asset(),
                                    s.sensor(),
                                    "reading",
                                    p.ts().toString(),
                                    p.avgC(),
                                    p.minC(),
                                    p.maxC(),
                                    1,
                                    p.rh(),
                                    p.batteryV(),
                                    p.doorOpen(),
                                    p.gateway(),
                                    overdue,
                                    LocalTimes.rfc3339(p.ts(), log.zone()));
                        } else {
                            csv.printRecord(
                                    log.site().site(),
                                    a.asset(),
                                    s.sensor(),
                                    "rollup",
                                    p.ts().toString(),
                                    Json.temp(p.avgC()),
                                    p.minC(),
                                    p.maxC(),
                                    p.count(),
                                    null,
                                    null,
                                    null,
                                    null,
                                    overdue,
                                    LocalTimes.rfc3339(p.ts(), log.zone()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
