package io.coldchain.registry.calibration;

import java.time.Instant;
import java.time.LocalDate;

/** One calibration (verification) record of a sensor, GB 31605-2020 §3.1. */
public record Calibration(
        long id,
        String tenant,
        String sensor,
        LocalDate calibratedAt,
        LocalDate due,
        String certificate,
        String performedBy,
        String recordedBy,
        Instant recordedAt) {}
