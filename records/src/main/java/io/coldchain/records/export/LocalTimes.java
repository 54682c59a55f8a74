package io.coldchain.records.export;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A site's local times as reports print them, always with the offset (contract §7): RFC 3339 with
 * the local offset for JSON and CSV ({@code 2026-11-21T00:30:00+08:00}), and a shorter form for the
 * PDF's tables ({@code 2026-11-21 00:30 +08:00}).
 */
public final class LocalTimes {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx", Locale.ROOT);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm xxx", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);

    private LocalTimes() {}

    /** RFC 3339 with the zone's offset at that instant; null for null. */
    public static String rfc3339(Instant t, ZoneId zone) {
        return t == null ? null : RFC3339.format(t.atZone(zone));
    }

    /** {@code 2026-11-21 00:30 +08:00}. */
    public static String printed(Instant t, ZoneId zone) {
        return t == null ? "-" : PRINTED.format(t.atZone(zone));
    }

    /** {@code 11-21 00:30 +08:00}, for narrow table columns. */
    public static String shortForm(Instant t, ZoneId zone) {
        return t == null ? "…" : SHORT.format(t.atZone(zone));
    }

    /** {@code Asia/Shanghai (UTC+08:00)}: the zone and its offset at {@code at}. */
    public static String zoneLabel(ZoneId zone, Instant at) {
        return zone.getId() + " (UTC" + OFFSET.format(at.atZone(zone)) + ")";
    }
}
