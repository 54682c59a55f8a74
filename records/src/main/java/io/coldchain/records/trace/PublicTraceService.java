package io.coldchain.records.trace;

import io.coldchain.records.trace.BatchTrace.Leg;
import io.coldchain.records.trace.PublicTrace.PublicLeg;
import io.coldchain.records.trace.PublicTrace.Verdict;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.RegistryView.Batch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public view of a batch's trace: {@link BatchTraceService}'s legs reduced to a verdict each, so
 * the public page and QA's trace never disagree. Dates are UTC calendar days.
 */
public final class PublicTraceService {
    private final BatchTraceService traces;
    private final RegistryView registry;

    public PublicTraceService(BatchTraceService traces, RegistryView registry) {
        this.traces = traces;
        this.registry = registry;
    }

    /** The public trace of a batch, empty when there is no such batch. */
    public Optional<PublicTrace> trace(Connection c, String tenant, String lot, boolean recalled, Instant now)
            throws SQLException {
        Optional<Batch> batch = registry.batch(c, tenant, lot);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        BatchTrace full = traces.trace(c, batch.get(), now);
        Map<String, String> siteKinds = new HashMap<>();
        List<PublicLeg> legs = new ArrayList<>();
        for (Leg leg : full.legs()) {
            String siteKind = null;
            if (leg.site() != null) {
                if (!siteKinds.containsKey(leg.site())) {
                    siteKinds.put(
                            leg.site(),
                            registry.site(c, tenant, leg.site())
                                    .map(RegistryView.Site::kind)
                                    .orElse(null));
                }
                siteKind = siteKinds.get(leg.site());
            }
            legs.add(new PublicLeg(
                    leg.assetKind(),
                    siteKind,
                    leg.from(),
                    leg.to(),
                    verdict(leg),
                    leg.exposure().outOfRange()));
        }
        return Optional.of(new PublicTrace(
                batch.get().productName(),
                lot,
                batch.get().producedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                batch.get().expiresAt().atZone(ZoneOffset.UTC).toLocalDate(),
                overall(legs),
                recalled,
                legs));
    }

    static Verdict verdict(Leg leg) {
        if (!leg.excursions().isEmpty() || !leg.exposure().outOfRange().isZero()) {
            return Verdict.OUT_OF_LIMITS;
        }
        return leg.readings() == 0 ? Verdict.NO_READINGS : Verdict.WITHIN_LIMITS;
    }

    /** Out of limits if any leg was; else without readings if any leg had none (or there is no leg). */
    static Verdict overall(List<PublicLeg> legs) {
        if (legs.stream().anyMatch(l -> l.verdict() == Verdict.OUT_OF_LIMITS)) {
            return Verdict.OUT_OF_LIMITS;
        }
        if (legs.isEmpty() || legs.stream().anyMatch(l -> l.verdict() == Verdict.NO_READINGS)) {
            return Verdict.NO_READINGS;
        }
        return Verdict.WITHIN_LIMITS;
    }
}
