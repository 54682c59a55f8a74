package io.coldchain.core.model;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * IANA time zones of sites (contract §7). Only region ids of the tz database ({@code Asia/Shanghai},
 * {@code Europe/Berlin}) and {@code UTC} are accepted: a fixed offset such as {@code +08:00} has no
 * daylight-saving rules, and a typo must be refused rather than silently read as UTC.
 */
public final class TimeZones {
    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

    private TimeZones() {}

    /** The zone named {@code id}, or empty when it is not an IANA region id (nor UTC). */
    public static Optional<ZoneId> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (id.equals("UTC")) {
            return Optional.of(ZoneId.of("UTC"));
        }
        return KNOWN.contains(id) ? Optional.of(ZoneId.of(id)) : Optional.empty();
    }

    /** What to tell someone who gave an unknown zone. */
    public static String expected() {
        return "an IANA time zone such as Asia/Shanghai, Asia/Urumqi or UTC";
    }

    /** The site's zone ({@code stored}, may be null for sites registered before zones existed) or the default. */
    public static ZoneId orDefault(String stored, ZoneId dflt) {
        return parse(stored).orElse(dflt);
    }
}
