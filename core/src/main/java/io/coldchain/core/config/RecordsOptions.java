package io.coldchain.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The records module: tamper-evidence sealing, retention, PDF reports.
 *
 * @param sealEvery how often closed days are sealed and late data re-sealed
 * @param sealMargin a seal covers rows received at least this long ago (longer than any write transaction)
 * @param resealWindow days this far back are re-sealed when late readings arrive for them
 * @param retentionEvery how often the retention job runs
 * @param pdfFont a TrueType font (.ttf, .ttc) with CJK glyphs for PDF reports; empty:
 *     look in the usual Debian locations
 * @param timezone the time zone of sites registered without one ({@code timezone}, UTC by default)
 */
public record RecordsOptions(
        Duration sealEvery,
        Duration sealMargin,
        Duration resealWindow,
        Duration retentionEvery,
        Optional<Path> pdfFont,
        ZoneId timezone) {

    public static RecordsOptions defaults() {
        return new RecordsOptions(
                Duration.ofMinutes(15),
                Duration.ofMinutes(10),
                Duration.ofDays(7),
                Duration.ofHours(6),
                Optional.empty(),
                ZoneId.of("UTC"));
    }
}
