package io.coldchain.simulator.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in a scenario file are offsets from the scenario's start, written {@code [-]H:MM[:SS]}
 * ("01:30" is an hour and a half in, "-48:00" two days before): the simulator decides the absolute
 * start (in the past, so that every event time is backdated and never ahead of the real clock).
 */
public final class Offset {
    private static final Pattern FORM = Pattern.compile("(-)?(\\d{1,4}):([0-5]\\d)(?::([0-5]\\d))?");

    private Offset() {}

    public static Duration parse(String field, String text) {
        if (text == null) {
            throw new IllegalArgumentException(field + " is required ([-]H:MM[:SS] from the scenario start)");
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    field + " must be [-]H:MM[:SS] from the scenario start (got '" + text + "')");
        }
        Duration d = Duration.ofHours(Long.parseLong(m.group(2)))
                .plusMinutes(Long.parseLong(m.group(3)))
                .plusSeconds(m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
        return m.group(1) != null ? d.negated() : d;
    }

    /** Like {@link #parse} but absent means {@code fallback}. */
    public static Duration parse(String field, String text, Duration fallback) {
        return text == null ? fallback : parse(field, text);
    }
}
