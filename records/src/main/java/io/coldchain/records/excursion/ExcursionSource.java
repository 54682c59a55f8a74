package io.coldchain.records.excursion;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Where records get excursion alerts from. Alerting owns the {@code alerts} table and implements
 * this against it; records only read. Both methods return the alerts whose excursion overlaps
 * {@code [from, to)}, oldest first, with their acknowledgement, corrective action and dispositions.
 */
public interface ExcursionSource {

    /** Excursion alerts raised on readings of {@code sensor}. */
    List<ExcursionRecord> ofSensor(Connection c, String tenant, String sensor, Instant from, Instant to)
            throws SQLException;

    /** Excursion alerts that name {@code lot} among their affected batches. */
    List<ExcursionRecord> ofLot(Connection c, String tenant, String lot, Instant from, Instant to) throws SQLException;

    /**
     * Alerts raised on no sensor (batch-level: stability budget, not cooled within, age) at
     * {@code site} or on one of its {@code assets}: a site's log and report list them once, beside
     * the per-sensor excursions, with their corrective actions and dispositions.
     */
    List<ExcursionRecord> ofSite(
            Connection c, String tenant, String site, List<String> assets, Instant from, Instant to)
            throws SQLException;

    /**
     * Whether alerts are connected at all. When false, reports say that excursion alerts are not
     * available instead of showing an empty list that would read as "no excursion".
     */
    default boolean connected() {
        return true;
    }
}
