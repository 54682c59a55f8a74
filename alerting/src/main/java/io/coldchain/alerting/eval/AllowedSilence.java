package io.coldchain.alerting.eval;

import io.coldchain.core.config.AlertingOptions;
import java.time.Duration;

/** How long a sensor may be silent: its expected interval plus tolerance, else its asset kind's default. */
final class AllowedSilence {
    private final AlertingOptions options;

    AllowedSilence(AlertingOptions options) {
        this.options = options;
    }

    Duration of(Integer expectedIntervalS, String assetKind) {
        if (expectedIntervalS != null) {
            return Duration.ofSeconds(expectedIntervalS).plus(options.gapTolerance());
        }
        return isVehicle(assetKind) ? options.gapVehicle() : options.gapFixed();
    }

    private static boolean isVehicle(String kind) {
        return "truck".equals(kind) || "trailer".equals(kind) || "tanker".equals(kind);
    }
}
