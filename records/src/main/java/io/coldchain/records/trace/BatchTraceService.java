package io.coldchain.records.trace;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.TimeZones;
import io.coldchain.core.profile.MeanKineticTemperature;
import io.coldchain.core.profile.Profile;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.excursion.ExcursionSource;
import io.coldchain.records.log.CalibrationDue;
import io.coldchain.records.log.RecordingIntervals;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.SeriesStore.Summary;
import io.coldchain.records.trace.BatchTrace.Exposure;
import io.coldchain.records.trace.BatchTrace.Leg;
import io.coldchain.records.trace.BatchTrace.LegGap;
import io.coldchain.records.trace.BatchTrace.Location;
import io.coldchain.records.trace.BatchTrace.SensorLeg;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.RegistryView.Batch;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.AttributionStore.AssetSensor;
import io.coldchain.registry.attribution.Stay;
import io.coldchain.registry.calibration.Calibration;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link BatchTrace}: the batch's journey from the attribution service, the sensors that
 * were on each leg's asset during the leg, their readings summarised against the product profile's
 * limits (one statement for all legs and sensors), the excursion alerts naming the lot, and the
 * mean kinetic temperature over the whole record.
 *
 * <p>Choices, all conservative: a reading beyond a limit counts out of range until the next reading
 * (gaps included); a leg watched by several sensors takes each figure from its worst sensor; the
 * MKT weighs each reading by the time until the next one, and the sensors of one leg equally.
 */
public final class BatchTraceService {
    private final RegistryView registry;
    private final AttributionStore attribution;
    private final ProfileStore profiles;
    private final SeriesStore series;
    private final CalibrationStore calibrations;
    private final ExcursionSource excursions;
    private final ZoneId defaultZone;

    public BatchTraceService(
            RegistryView registry,
            AttributionStore attribution,
            ProfileStore profiles,
            SeriesStore series,
            CalibrationStore calibrations,
            ExcursionSource excursions) {
        this(registry, attribution, profiles, series, calibrations, excursions, ZoneId.of("UTC"));
    }

    /** @param defaultZone where calibration due days end for vehicles and sites without a zone (the {@code timezone} setting) */
    public BatchTraceService(
            RegistryView registry,
            AttributionStore attribution,
            ProfileStore profiles,
            SeriesStore series,
            CalibrationStore calibrations,
            ExcursionSource excursions,
            ZoneId defaultZone) {
        this.defaultZone = defaultZone;
        this.registry = registry;
        this.attribution = attribution;
        this.profiles = profiles;
        this.series = series;
        this.calibrations = calibrations;
        this.excursions = excursions;
    }

    /** The batch, or 404. */
    public Batch batch(Connection c, String tenant, String lot) throws SQLException {
        return registry.batch(c, tenant, lot)
                .orElseThrow(() -> ColdchainException.notFound(
                        "nothing found for tenant " + tenant + " that this token may read"));
    }

    public BatchTrace trace(Connection c, Batch batch, Instant now) throws SQLException {
        String tenant = batch.tenant();
        Profile profile = profiles.find(c, tenant, batch.profile()).orElse(null);
        Double minC = profile == null ? null : profile.minC();
        Double maxC = profile == null ? null : profile.maxC();
        List<Stay> journey = attribution.journey(c, tenant, batch.lot()).stream()
                .filter(s -> s.from().isBefore(now))
                .toList();

        record Part(int leg, AssetSensor sensor, Integer id, Request request) {}
        List<Part> parts = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Instant> dueEnds = new HashMap<>();
        for (int i = 0; i < journey.size(); i++) {
            Stay s = journey.get(i);
            Instant end = s.to() == null || s.to().isAfter(now) ? now : s.to();
            for (AssetSensor as : attribution.sensorsOnAsset(c, tenant, s.asset(), s.from(), end)) {
                if (!ids.containsKey(as.sensor())) {
                    ids.put(as.sensor(), series.sensorId(c, tenant, as.sensor()));
                    var due = calibrations
                            .latest(c, tenant, as.sensor())
                            .map(Calibration::due)
                            .orElse(as.calibrationDue());
                    dueEnds.put(as.sensor(), CalibrationDue.end(due, zoneOf(c, tenant, s)));
                }
                Integer id = ids.get(as.sensor());
                parts.add(new Part(
                        i,
                        as,
                        id,
                        new Request(
                                id == null ? -1 : id,
                                as.from(),
                                as.to(),
                                RecordingIntervals.required(s.assetKind()),
                                RecordingIntervals.gapAfter(as.expectedIntervalS(), s.assetKind()),
                                minC,
                                maxC,
                                dueEnds.get(as.sensor()))));
            }
        }
        List<Summary> summaries =
                series.summaries(c, parts.stream().map(Part::request).toList());

        // Readings for the MKT: every sensor of every leg, read once over the journey's span.
        Map<Integer, List<Point>> readings = new HashMap<>();
        Set<Integer> withReadings = new LinkedHashSet<>();
        for (int k = 0; k < parts.size(); k++) {
            if (summaries.get(k) != null) {
                withReadings.add(parts.get(k).id());
            }
        }
        if (!withReadings.isEmpty()) {
            Instant first = parts.stream()
                    .map(p -> p.request().from())
                    .min(Instant::compareTo)
                    .orElseThrow();
            Instant last = parts.stream()
                    .map(p -> p.request().to())
                    .max(Instant::compareTo)
                    .orElseThrow();
            series.raw(c, List.copyOf(withReadings), first, last)
                    .forEach(p -> readings.computeIfAbsent(p.sensorId(), x -> new ArrayList<>())
                            .add(p));
        }

        List<ExcursionRecord> lotExcursions = journey.isEmpty()
                ? List.of()
                : excursions.ofLot(c, tenant, batch.lot(), journey.get(0).from(), now);
        List<Leg> legs = new ArrayList<>();
        List<MeanKineticTemperature.Sample> mktSamples = new ArrayList<>();
        Exposure total = Exposure.NONE;
        for (int i = 0; i < journey.size(); i++) {
            Stay s = journey.get(i);
            Instant end = s.to() == null || s.to().isAfter(now) ? now : s.to();
            List<SensorLeg> sensors = new ArrayList<>();
            List<LegGap> gaps = new ArrayList<>();
            Exposure worst = Exposure.NONE;
            int count = 0;
            double sum = 0;
            Double lo = null;
            Double hi = null;
            List<Part> legParts = new ArrayList<>();
            List<Summary> legSummaries = new ArrayList<>();
            for (int k = 0; k < parts.size(); k++) {
                if (parts.get(k).leg() == i) {
                    legParts.add(parts.get(k));
                    legSummaries.add(summaries.get(k));
                }
            }
            for (int k = 0; k < legParts.size(); k++) {
                Part p = legParts.get(k);
                Summary m = legSummaries.get(k);
                Exposure e = m == null ? Exposure.NONE : new Exposure(m.outOfRange(), m.aboveMax(), m.belowMin());
                sensors.add(new SensorLeg(
                        p.sensor().sensor(),
                        p.request().from(),
                        p.request().to(),
                        m == null ? 0 : m.count(),
                        m == null ? null : m.minC(),
                        m == null ? null : m.maxC(),
                        m == null ? null : m.meanC(),
                        e,
                        m == null ? 0 : m.afterCalibrationDue()));
                SeriesStore.allGaps(p.request(), m)
                        .forEach(g -> gaps.add(new LegGap(p.sensor().sensor(), g)));
                worst = worst.max(e);
                if (m != null) {
                    count += m.count();
                    sum += m.meanC() * m.count();
                    lo = lo == null ? m.minC() : Math.min(lo, m.minC());
                    hi = hi == null ? m.maxC() : Math.max(hi, m.maxC());
                    addMktSamples(mktSamples, readings.getOrDefault(p.id(), List.of()), p.request(), legParts.size());
                }
            }
            if (legParts.isEmpty()) {
                gaps.add(new LegGap(
                        null, new SeriesStore.Gap(s.from(), end))); // no sensor on the asset: nothing recorded
            }
            total = total.plus(worst);
            List<ExcursionRecord> legExcursions = lotExcursions.stream()
                    .filter(x -> s.asset().equals(x.asset())
                            && x.start().isBefore(end)
                            && (x.end() == null || x.end().isAfter(s.from())))
                    .toList();
            legs.add(new Leg(
                    s.asset(),
                    s.assetKind(),
                    s.site(),
                    s.via(),
                    s.ref(),
                    s.from(),
                    s.to(),
                    count,
                    lo,
                    hi,
                    count == 0 ? null : sum / count,
                    worst,
                    sensors,
                    gaps,
                    legExcursions));
        }
        Double mkt = mktSamples.stream().anyMatch(x -> !x.weight().isZero())
                ? MeanKineticTemperature.celsius(mktSamples)
                : null;
        Location location = null;
        if (!journey.isEmpty()) {
            Stay last = journey.get(journey.size() - 1);
            boolean current = last.to() == null || last.to().isAfter(now);
            location = new Location(last.asset(), last.assetKind(), last.site(), last.from(), last.to(), current);
        }
        return new BatchTrace(
                batch, minC, maxC, now, legs, lotExcursions, total, mkt, location, excursions.connected());
    }

    /** Each reading stands for the time until the next one (the last: until the window's end), shared by the leg's sensors. */
    private static void addMktSamples(
            List<MeanKineticTemperature.Sample> out, List<Point> points, Request window, int sensors) {
        List<Point> in = points.stream()
                .filter(p -> !p.ts().isBefore(window.from()) && p.ts().isBefore(window.to()))
                .toList();
        for (int j = 0; j < in.size(); j++) {
            Instant next = j + 1 < in.size() ? in.get(j + 1).ts() : window.to();
            out.add(new MeanKineticTemperature.Sample(
                    in.get(j).avgC(), Duration.between(in.get(j).ts(), next).dividedBy(sensors)));
        }
    }

    /** The zone of the stay's site; vehicles (no site) and sites without a zone: the server's default. */
    private ZoneId zoneOf(Connection c, String tenant, Stay stay) throws SQLException {
        if (stay.site() == null) {
            return defaultZone;
        }
        return registry.site(c, tenant, stay.site())
                .map(site -> TimeZones.orDefault(site.timezone(), defaultZone))
                .orElse(defaultZone);
    }
}
