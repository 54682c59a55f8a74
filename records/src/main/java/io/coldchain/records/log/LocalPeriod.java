package io.coldchain.records.log;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A period of whole local days at a site: {@code first} to {@code last} inclusive, in the site's time
 * zone, so that "2026-11-21" in Asia/Shanghai is 2026-11-20T16:00Z to 2026-11-21T16:00Z (contract
 * §7). Days of a daylight-saving change are 23 or 25 hours long; {@link #from()} and {@link #to()}
 * follow the zone's rules ({@link LocalDate#atStartOfDay(ZoneId)}).
 */
public record LocalPeriod(ZoneId zone, LocalDate first, LocalDate last) {

    /** The report periods of contract §10. */
    public enum Kind {
        DAY,
        WEEK,
        MONTH;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code day}, {@code week} or {@code month}; else null. */
        public static Kind fromWire(String s) {
            for (Kind k : values()) {
                if (k.wire().equals(s)) {
                    return k;
                }
            }
            return null;
        }
    }

    public LocalPeriod {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last " + last + " is before first " + first);
        }
    }

    /** The day, the ISO week (Monday to Sunday) or the calendar month that contains {@code date}. */
    public static LocalPeriod of(Kind kind, LocalDate date, ZoneId zone) {
        return switch (kind) {
            case DAY -> new LocalPeriod(zone, date, date);
            case WEEK -> {
                LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new LocalPeriod(zone, monday, monday.plusDays(6));
            }
            case MONTH -> new LocalPeriod(zone, date.withDayOfMonth(1), date.with(TemporalAdjusters.lastDayOfMonth()));
        };
    }

    /** The period of the same kind that follows this one. */
    public static LocalPeriod next(Kind kind, LocalPeriod p) {
        return of(kind, p.last().plusDays(1), p.zone());
    }

    /** The site's local midnight starting {@code first}. */
    public Instant from() {
        return first.atStartOfDay(zone).toInstant();
    }

    /** The site's local midnight ending {@code last} (exclusive). */
    public Instant to() {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
