package io.coldchain.records.log;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.TimeZones;
import io.coldchain.core.profile.Profile;
import io.coldchain.records.digest.ChainDigest;
import io.coldchain.records.digest.DaySeal;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.excursion.ExcursionSource;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.SeriesStore.Summary;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.CalibrationStatus;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.RegistryView.Asset;
import io.coldchain.registry.RegistryView.Site;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.AttributionStore.AssetSensor;
import io.coldchain.registry.calibration.Calibration;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a site's {@link TemperatureLog}: the site's assets, the sensors that were on each during
 * the period (attribution: a sensor moved between assets counts where it was), one summary query and
 * one curve query for all of them (raw readings when a sensor has at most {@link #MAX_POINTS} in the
 * period, else min/max/mean per bucket, from the same scan as the summaries on plain PostgreSQL and
 * from TimescaleDB's continuous aggregate when it exists and the bucket fits), calibration,
 * excursion alerts and the sealed digests.
 */
public final class TemperatureLogService {
    /** Points per sensor's curve: enough for a chart, small enough for a report. */
    public static final int MAX_POINTS = 2000;

    private final RegistryView registry;
    private final AttributionStore attribution;
    private final ProfileStore profiles;
    private final SeriesStore series;
    private final RollupViewStore rollupView = new RollupViewStore();
    private final SealedDaySummaries daySummaries;
    private final CalibrationStore calibrations;
    private final DigestStore digests;
    private final ExcursionSource excursions;
    private final ZoneId defaultZone;

    public TemperatureLogService(
            RegistryView registry,
            AttributionStore attribution,
            ProfileStore profiles,
            SeriesStore series,
            CalibrationStore calibrations,
            DigestStore digests,
            ExcursionSource excursions) {
        this(registry, attribution, profiles, series, calibrations, digests, excursions, ZoneId.of("UTC"));
    }

    /** @param defaultZone the zone of sites registered without one (the {@code timezone} setting) */
    public TemperatureLogService(
            RegistryView registry,
            AttributionStore attribution,
            ProfileStore profiles,
            SeriesStore series,
            CalibrationStore calibrations,
            DigestStore digests,
            ExcursionSource excursions,
            ZoneId defaultZone) {
        this.defaultZone = defaultZone;
        this.registry = registry;
        this.attribution = attribution;
        this.profiles = profiles;
        this.series = series;
        this.daySummaries = new SealedDaySummaries(series, digests);
        this.calibrations = calibrations;
        this.digests = digests;
        this.excursions = excursions;
    }

    /** The site, or 404. */
    public Site site(Connection c, String tenant, String site) throws SQLException {
        return registry.site(c, tenant, site)
                .orElseThrow(() -> ColdchainException.notFound(
                        "nothing found for tenant " + tenant + " that this token may read"));
    }

    /** The site, if the tenant has it. */
    public Optional<Site> findSite(Connection c, String tenant, String site) throws SQLException {
        return registry.site(c, tenant, site);
    }

    /** The site's time zone: its own, else the server's default. */
    public ZoneId zoneOf(Site site) {
        return TimeZones.orDefault(site.timezone(), defaultZone);
    }

    public TemperatureLog build(
            Connection c, Site site, Instant from, Instant requestedTo, Instant now, String generatedBy)
            throws SQLException {
        String tenant = site.tenant();
        Instant to = requestedTo.isAfter(now) ? now : requestedTo;
        if (!from.isBefore(to)) {
            throw ColdchainException.badRequest(
                    "invalid_parameter", "from (" + from + ") must be before now (" + now + ")");
        }
        record Slot(Asset asset, AssetSensor sensor, Integer id, CalibrationStatus calibration, Request request) {}
        List<Slot> slots = new ArrayList<>();
        List<Asset> assets = registry.assetsOfSite(c, tenant, site.site());
        Set<String> profileIds = new LinkedHashSet<>();
        assets.stream().map(Asset::profile).filter(p -> p != null).forEach(profileIds::add);
        Map<String, Profile> limits = profiles.find(c, tenant, profileIds);
        Map<String, Integer> ids = new HashMap<>();
        for (Asset a : assets) {
            Profile p = a.profile() == null ? null : limits.get(a.profile());
            for (AssetSensor s : attribution.sensorsOnAsset(c, tenant, a.asset(), from, to)) {
                if (!ids.containsKey(s.sensor())) {
                    ids.put(s.sensor(), series.sensorId(c, tenant, s.sensor()));
                }
                Integer id = ids.get(s.sensor());
                Optional<Calibration> cal = calibrations.latest(c, tenant, s.sensor());
                LocalDate due = cal.map(Calibration::due).orElse(s.calibrationDue());
                Instant dueEnd = CalibrationDue.end(due, zoneOf(site));
                CalibrationStatus status = new CalibrationStatus(
                        due,
                        cal.map(Calibration::calibratedAt).orElse(null),
                        cal.map(Calibration::certificate).orElse(null),
                        dueEnd != null && !now.isBefore(dueEnd),
                        0);
                Request req = new Request(
                        id == null ? -1 : id,
                        s.from(),
                        s.to(),
                        RecordingIntervals.required(a.kind()),
                        RecordingIntervals.gapAfter(s.expectedIntervalS(), a.kind()),
                        p == null ? null : p.minC(),
                        p == null ? null : p.maxC(),
                        dueEnd);
                slots.add(new Slot(a, s, id, status, req));
            }
        }
        // One scan of the readings gives every summary and, from the same rows, the rolled-up curves;
        // sealed days are summarised once per seal version (SealedDaySummaries).
        // With TimescaleDB's continuous aggregate, and a bucket made of its buckets, the rollups are read
        // from it instead (issue 6), after the summaries: only for the sensors that need them.
        Duration bucket = RecordingIntervals.bucketFor(Duration.between(from, to), MAX_POINTS);
        boolean fromView = RollupViewStore.rollupViewFits(bucket, from) && rollupView.rollupView(c);
        List<Summary> summaries = daySummaries.summaries(
                c, slots.stream().map(Slot::request).toList(), fromView ? null : bucket, fromView ? null : from);

        // Raw curves only for the sensors with few readings: a second, small query.
        Set<Integer> rawIds = new LinkedHashSet<>();
        Set<Integer> rolledIds = new LinkedHashSet<>();
        for (Summary s : summaries) {
            if (s != null) {
                (s.count() <= MAX_POINTS ? rawIds : rolledIds).add(s.sensorId());
            }
        }
        rawIds.removeAll(rolledIds);
        Map<Integer, List<Point>> curves = new HashMap<>();
        series.raw(c, List.copyOf(rawIds), from, to)
                .forEach(pt -> curves.computeIfAbsent(pt.sensorId(), k -> new ArrayList<>())
                        .add(pt));
        Map<Integer, List<Point>> viewBuckets = new HashMap<>(); // by slot
        if (fromView) {
            List<Integer> rolledSlots = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                if (summaries.get(i) != null && rolledIds.contains(slots.get(i).id())) {
                    rolledSlots.add(i);
                }
            }
            List<List<Point>> read = rollupView.rollupsFromView(
                    c, rolledSlots.stream().map(i -> slots.get(i).request()).toList(), bucket, from);
            for (int j = 0; j < rolledSlots.size(); j++) {
                viewBuckets.put(rolledSlots.get(j), read.get(j));
            }
        }

        Map<String, List<SensorLog>> byAsset = new LinkedHashMap<>();
        assets.forEach(a -> byAsset.put(a.asset(), new ArrayList<>()));
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            AssetSensor s = slot.sensor();
            Request q = slot.request();
            Summary sum = summaries.get(i);
            CalibrationStatus cal = slot.calibration();
            if (sum != null) {
                cal = new CalibrationStatus(
                        cal.due(), cal.calibratedAt(), cal.certificate(), cal.overdue(), sum.afterCalibrationDue());
            }
            Duration span = Duration.between(q.from(), q.to());
            double compliance = sum == null ? 0 : Math.min(1.0, sum.covered().toMillis() / (double) span.toMillis());
            boolean rolled = slot.id() != null && rolledIds.contains(slot.id());
            List<Point> curve = sum == null
                    ? List.of()
                    : rolled
                            ? (fromView ? viewBuckets.get(i) : sum.buckets())
                            : curves.getOrDefault(slot.id(), List.of()).stream()
                                    .filter(pt -> !pt.ts().isBefore(q.from())
                                            && pt.ts().isBefore(q.to()))
                                    .toList();
            byAsset.get(slot.asset().asset())
                    .add(new SensorLog(
                            s.sensor(),
                            q.from(),
                            q.to(),
                            s.expectedIntervalS() == null ? null : Duration.ofSeconds(s.expectedIntervalS()),
                            q.required(),
                            sum == null ? 0 : sum.count(),
                            sum == null ? null : sum.minC(),
                            sum == null ? null : sum.maxC(),
                            sum == null ? null : sum.meanC(),
                            sum == null ? Duration.ZERO : sum.outOfRange(),
                            compliance,
                            rolled ? bucket : null,
                            curve,
                            SeriesStore.allGaps(q, sum),
                            cal,
                            excursions.ofSensor(c, tenant, s.sensor(), q.from(), q.to())));
        }
        List<AssetLog> assetLogs = new ArrayList<>();
        for (Asset a : assets) {
            Profile p = a.profile() == null ? null : limits.get(a.profile());
            assetLogs.add(new AssetLog(
                    a.asset(),
                    a.name(),
                    a.kind(),
                    a.profile(),
                    p == null ? null : p.minC(),
                    p == null ? null : p.maxC(),
                    byAsset.get(a.asset())));
        }
        Set<String> sensors = new LinkedHashSet<>();
        slots.forEach(sl -> sensors.add(sl.sensor().sensor()));
        return new TemperatureLog(
                site,
                zoneOf(site),
                from,
                to,
                now,
                generatedBy,
                excursions.connected(),
                assetLogs,
                excursions.ofSite(
                        c,
                        tenant,
                        site.site(),
                        assets.stream().map(Asset::asset).toList(),
                        from,
                        to),
                sealedDigests(c, tenant, sensors, from, to));
    }

    /** The latest seal of each day of the period for the sensors (stored values; GET /integrity recomputes them). */
    private List<DayDigest> sealedDigests(Connection c, String tenant, Set<String> sensors, Instant from, Instant to)
            throws SQLException {
        List<DayDigest> out = new ArrayList<>();
        LocalDate first = from.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = to.minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        for (DigestStore.SensorRef ref : digests.sensors(c, tenant, Optional.empty())) {
            if (!sensors.contains(ref.sensor())) {
                continue;
            }
            Map<LocalDate, DaySeal> latest = new LinkedHashMap<>();
            digests.storedSeals(c, ref, first, last).forEach(d -> latest.put(d.day(), d));
            latest.values()
                    .forEach(d -> out.add(new DayDigest(
                            ref.sensor(),
                            d.day(),
                            d.version(),
                            d.rowCount(),
                            ChainDigest.hex(d.digest()),
                            d.linkIntact())));
        }
        return out;
    }
}
