package io.coldchain.records;

import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.excursion.ExcursionSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test double for the alerting collaborator (the lead implements {@link ExcursionSource} on the
 * alerts table): alerts held in a list, with the lots each names. PostgreSQL stays real.
 */
final class InMemoryExcursions implements ExcursionSource {
    private record Entry(ExcursionRecord record, List<String> lots) {}

    private final List<Entry> entries = new ArrayList<>();

    InMemoryExcursions add(ExcursionRecord r, String... lots) {
        entries.add(new Entry(r, List.of(lots)));
        return this;
    }

    @Override
    public List<ExcursionRecord> ofSensor(Connection c, String tenant, String sensor, Instant from, Instant to) {
        return entries.stream()
                .map(Entry::record)
                .filter(r -> sensor.equals(r.sensor()) && overlaps(r, from, to))
                .toList();
    }

    @Override
    public List<ExcursionRecord> ofLot(Connection c, String tenant, String lot, Instant from, Instant to) {
        return entries.stream()
                .filter(e -> e.lots().contains(lot) && overlaps(e.record(), from, to))
                .map(Entry::record)
                .toList();
    }

    @Override
    public List<ExcursionRecord> ofSite(
            Connection c, String tenant, String site, List<String> assets, Instant from, Instant to) {
        return entries.stream()
                .map(Entry::record)
                .filter(r -> r.sensor() == null && assets.contains(r.asset()) && overlaps(r, from, to))
                .toList();
    }

    private static boolean overlaps(ExcursionRecord r, Instant from, Instant to) {
        return r.start().isBefore(to) && (r.end() == null || r.end().isAfter(from));
    }

    static Map<String, String> dispositions(String lot, String d) {
        return Map.of(lot, d);
    }
}
