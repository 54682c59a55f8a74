package io.coldchain.registry.attribution;

import io.coldchain.core.profile.Profile;
import io.coldchain.registry.profile.ProfileStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Attribution queries: where a sensor was, which batches were there with it, and which profiles
 * applied, over time. Reads {@code sensor_assignments} (which asset a sensor was on, written by the
 * registry), {@code shipments}/{@code shipment_batches} (a batch on a vehicle from departure to
 * arrival) and {@code placements} (a batch in a cold room, display case or freezer), and resolves
 * profiles through {@link ProfileStore}. Writes nothing; each call takes the caller's connection.
 *
 * <p>Every interval is half-open, {@code [from, to)}, a null end open: at the instant a shipment
 * arrives its batches are no longer on the vehicle, and a placement starting then already holds them.
 *
 * <p>An asset's kind, site and own profile are read as they are now (the registry keeps their
 * history only in the audit trail); a sensor's asset and a batch's whereabouts are historized.
 */
public final class AttributionStore {

    /** A sensor that was on an asset, for {@code [from, to)} clipped to the window asked about. */
    public record AssetSensor(
            String sensor, Integer expectedIntervalS, LocalDate calibrationDue, Instant from, Instant to) {}

    /** Asset kinds that move; they have no site, so their stays and segments name none. */
    private static final Set<String> VEHICLES = Set.of("truck", "trailer", "tanker");

    private static final String STAY_COLUMNS = ", b.sku, pr.name, pr.profile, a.asset, a.kind, "
            + "CASE WHEN a.kind IN ('truck', 'trailer', 'tanker') THEN NULL ELSE a.site END";
    private static final String SHIPMENT_STAYS = "SELECT sb.lot" + STAY_COLUMNS
            + ", 'shipment', s.shipment, s.departed_at, s.arrived_at FROM shipments s "
            + "JOIN shipment_batches sb ON sb.tenant = s.tenant AND sb.shipment = s.shipment "
            + "JOIN batches b ON b.tenant = sb.tenant AND b.lot = sb.lot "
            + "JOIN products pr ON pr.tenant = b.tenant AND pr.sku = b.sku "
            + "JOIN assets a ON a.tenant = s.tenant AND a.asset = s.asset ";
    private static final String PLACEMENT_STAYS = "SELECT p.lot" + STAY_COLUMNS
            + ", 'placement', CAST(p.id AS text), p.from_ts, p.to_ts FROM placements p "
            + "JOIN batches b ON b.tenant = p.tenant AND b.lot = p.lot "
            + "JOIN products pr ON pr.tenant = b.tenant AND pr.sku = b.sku "
            + "JOIN assets a ON a.tenant = p.tenant AND a.asset = p.asset ";
    /** Stays sort by start, then lot, then the shipment or placement id. */
    private static final String STAY_ORDER = " ORDER BY 10, 1, 9";

    private static final Comparator<Stay> BY_START =
            Comparator.comparing(Stay::from).thenComparing(Stay::lot).thenComparing(Stay::ref);

    /**
     * An assignment's start, null for -infinity. Clipping to the window is done in Java, so that the
     * caller's bounds come back exactly (PostgreSQL keeps microseconds, an Instant nanoseconds).
     */
    private static final String FINITE_FROM = "CASE WHEN isfinite(sa.valid_from) THEN sa.valid_from END";

    private final ProfileStore profiles;

    public AttributionStore(ProfileStore profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    public AttributionStore() {
        this(new ProfileStore());
    }

    /**
     * The segments covering {@code [from, to)} for the sensor: contiguous while the sensor is on an
     * asset (none where it was on no asset), sorted, clipped to the window, and merged when two
     * neighbours say the same (same asset, same stays). Empty when the sensor is unknown, was never
     * assigned, or the window is empty.
     */
    public List<Segment> segments(Connection c, String tenant, String sensor, Instant from, Instant to)
            throws SQLException {
        requireWindow(from, to);
        List<Segment> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        record Piece(
                String asset,
                String kind,
                String site,
                String region,
                String profile,
                Instant from,
                Instant to,
                List<Stay> stays) {}
        List<Piece> pieces = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sa.asset, a.kind, a.site, st.region, a.profile, " + FINITE_FROM + ", sa.valid_to "
                        + "FROM sensor_assignments sa "
                        + "JOIN assets a ON a.tenant = sa.tenant AND a.asset = sa.asset "
                        + "LEFT JOIN sites st ON st.tenant = a.tenant AND st.site = a.site "
                        + "WHERE sa.tenant = ? AND sa.sensor = ? AND sa.valid_from < ? "
                        + "AND (sa.valid_to IS NULL OR sa.valid_to > ?) ORDER BY sa.valid_from")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            setTime(ps, 3, to);
            setTime(ps, 4, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean vehicle = VEHICLES.contains(rs.getString(2));
                    pieces.add(new Piece(
                            rs.getString(1),
                            rs.getString(2),
                            vehicle ? null : rs.getString(3),
                            vehicle ? null : rs.getString(4),
                            rs.getString(5),
                            clipFrom(time(rs, 6), from),
                            clipTo(time(rs, 7), to),
                            null));
                }
            }
        }
        Set<String> profileIds = new LinkedHashSet<>();
        List<Piece> withStays = new ArrayList<>();
        for (Piece p : pieces) {
            List<Stay> stays = batchesOnAsset(c, tenant, p.asset(), p.from(), p.to());
            withStays.add(new Piece(p.asset(), p.kind(), p.site(), p.region(), p.profile(), p.from(), p.to(), stays));
            if (p.profile() != null) {
                profileIds.add(p.profile());
            }
            stays.forEach(s -> profileIds.add(s.productProfile()));
        }
        Map<String, Profile> resolved = profiles.find(c, tenant, profileIds);
        for (Piece p : withStays) {
            // Cut the piece wherever a stay starts or ends inside it; between two cuts nothing changes.
            TreeSet<Instant> cuts = new TreeSet<>(List.of(p.from(), p.to()));
            for (Stay s : p.stays()) {
                cuts.add(s.from());
                if (s.to() != null) {
                    cuts.add(s.to());
                }
            }
            List<Instant> bounds = List.copyOf(cuts.subSet(p.from(), true, p.to(), true));
            for (int i = 0; i + 1 < bounds.size(); i++) {
                Instant start = bounds.get(i);
                List<Stay> present = p.stays().stream()
                        .filter(s -> s.covers(start))
                        .sorted(BY_START)
                        .toList();
                Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null
                        && last.to().equals(start)
                        && last.asset().equals(p.asset())
                        && last.batches().equals(present)) {
                    out.set(
                            out.size() - 1,
                            new Segment(
                                    last.from(),
                                    bounds.get(i + 1),
                                    last.asset(),
                                    last.assetKind(),
                                    last.site(),
                                    last.siteRegion(),
                                    last.batches(),
                                    last.profiles()));
                } else {
                    out.add(new Segment(
                            start,
                            bounds.get(i + 1),
                            p.asset(),
                            p.kind(),
                            p.site(),
                            p.region(),
                            present,
                            profilesOf(tenant, p.profile(), present, resolved)));
                }
            }
        }
        return out;
    }

    /**
     * The tenants' attribution epochs (V23): a number that grows with every committed change to what
     * {@link #segments} and {@link #sensorsOnAsset} read. A tenant never changed has epoch 0.
     */
    public Map<String, Long> epochs(Connection c, Collection<String> tenants) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        tenants.forEach(t -> out.put(t, 0L));
        try (PreparedStatement ps =
                c.prepareStatement("SELECT tenant, epoch FROM attribution_epochs WHERE tenant = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Every stay of a batch over its whole journey (shipments and placements), sorted by start. */
    public List<Stay> journey(Connection c, String tenant, String lot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SHIPMENT_STAYS + "WHERE sb.tenant = ? AND sb.lot = ? UNION ALL "
                + PLACEMENT_STAYS + "WHERE p.tenant = ? AND p.lot = ?" + STAY_ORDER)) {
            ps.setString(1, tenant);
            ps.setString(2, lot);
            ps.setString(3, tenant);
            ps.setString(4, lot);
            return stays(ps);
        }
    }

    /**
     * The sensors that were on the asset at some time in {@code [from, to)}, by sensor then start,
     * one entry per assignment, its interval clipped to the window (a sensor moved away and back
     * appears twice).
     */
    public List<AssetSensor> sensorsOnAsset(Connection c, String tenant, String asset, Instant from, Instant to)
            throws SQLException {
        requireWindow(from, to);
        List<AssetSensor> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sa.sensor, se.expected_interval_s, se.calibration_due, " + FINITE_FROM + ", sa.valid_to "
                        + "FROM sensor_assignments sa "
                        + "JOIN sensors se ON se.tenant = sa.tenant AND se.sensor = sa.sensor "
                        + "WHERE sa.tenant = ? AND sa.asset = ? AND sa.valid_from < ? "
                        + "AND (sa.valid_to IS NULL OR sa.valid_to > ?) ORDER BY sa.sensor, sa.valid_from")) {
            ps.setString(1, tenant);
            ps.setString(2, asset);
            setTime(ps, 3, to);
            setTime(ps, 4, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AssetSensor(
                            rs.getString(1),
                            rs.getObject(2, Integer.class),
                            rs.getObject(3, LocalDate.class),
                            clipFrom(time(rs, 4), from),
                            clipTo(time(rs, 5), to)));
                }
            }
        }
        return out;
    }

    /**
     * The stays of batches on the asset that overlap {@code [from, to)}, unclipped (their own
     * start and end), by start then lot.
     */
    public List<Stay> batchesOnAsset(Connection c, String tenant, String asset, Instant from, Instant to)
            throws SQLException {
        requireWindow(from, to);
        if (!from.isBefore(to)) {
            return List.of();
        }
        String overlap = " < ? AND (%s IS NULL OR %s > ?)";
        try (PreparedStatement ps =
                c.prepareStatement(SHIPMENT_STAYS + "WHERE s.tenant = ? AND s.asset = ? AND s.departed_at"
                        + overlap.formatted("s.arrived_at", "s.arrived_at") + " UNION ALL "
                        + PLACEMENT_STAYS + "WHERE p.tenant = ? AND p.asset = ? AND p.from_ts"
                        + overlap.formatted("p.to_ts", "p.to_ts") + STAY_ORDER)) {
            for (int base : new int[] {1, 5}) {
                ps.setString(base, tenant);
                ps.setString(base + 1, asset);
                setTime(ps, base + 2, to);
                setTime(ps, base + 3, from);
            }
            return stays(ps);
        }
    }

    /** The asset's own profile first, then each present batch's product profile, distinct by id. */
    private static List<Profile> profilesOf(
            String tenant, String assetProfile, List<Stay> present, Map<String, Profile> resolved) {
        Set<String> ids = new LinkedHashSet<>();
        if (assetProfile != null) {
            ids.add(assetProfile);
        }
        present.forEach(s -> ids.add(s.productProfile()));
        List<Profile> out = new ArrayList<>();
        for (String id : ids) {
            Profile p = resolved.get(id);
            if (p == null) {
                // The registry checks every profile reference; a dangling one is a broken database, and
                // dropping it silently would drop its alerts.
                throw new IllegalStateException(
                        "profile " + id + " of tenant " + tenant + " is referenced but does not exist");
            }
            out.add(p);
        }
        return out;
    }

    private static List<Stay> stays(PreparedStatement ps) throws SQLException {
        List<Stay> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Stay(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        time(rs, 10),
                        time(rs, 11)));
            }
        }
        return out;
    }

    /** An assignment's start, -infinity (a first assignment) read as the window's start. */
    private static Instant clipFrom(Instant start, Instant from) {
        return start == null || start.isBefore(from) ? from : start;
    }

    /** An assignment's end, null (current) read as the window's end. */
    private static Instant clipTo(Instant end, Instant to) {
        return end == null || end.isAfter(to) ? to : end;
    }

    private static void requireWindow(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
