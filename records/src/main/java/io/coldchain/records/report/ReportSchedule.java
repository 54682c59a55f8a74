package io.coldchain.records.report;

import io.coldchain.records.log.LocalPeriod;
import java.time.LocalDate;
import java.util.List;

/**
 * A site's report schedule: every {@code period} (day, ISO week, calendar month in the site's zone),
 * the compliance report in {@code format} and {@code lang} to each notification target.
 *
 * @param deliveredThrough the last local day of the last period queued; the next is the period after it
 */
public record ReportSchedule(
        String tenant,
        String schedule,
        String site,
        LocalPeriod.Kind period,
        List<String> targets,
        String format,
        String lang,
        LocalDate deliveredThrough) {

    public ReportSchedule {
        targets = List.copyOf(targets);
    }
}
