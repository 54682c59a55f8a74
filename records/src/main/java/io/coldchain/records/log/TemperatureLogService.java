package io.coldchain.records.log;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.profile.Profile;
import io.coldchain.records.calibration.Calibration;
import io.coldchain.records.calibration.CalibrationStore;
import io.coldchain.records.digest.DaySeal;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.digest.ChainDigest;
import io.coldchain.records.excursion.ExcursionSource;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.SeriesStore.Summary;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.CalibrationStatus;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.registry.RegistryView;
import io.coldchain.records.registry.RegistryView.Asset;
import io.coldchain.records.registry.RegistryView.SensorInfo;
import io.coldchain.records.registry.RegistryView.Site;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a site's {@link TemperatureLog}: the site's assets, the sensors on each, one summary query
 * and one curve query for all of them (raw readings when a sensor has at most {@link #MAX_POINTS} in
 * the period, else min/max/mean per bucket), calibration, excursion alerts and the sealed digests.
 */
public final class TemperatureLogService {
  /** Points per sensor's curve: enough for a chart, small enough for a report. */
  public static final int MAX_POINTS = 2000;

  private final RegistryView registry;
  private final SeriesStore series;
  private final CalibrationStore calibrations;
  private final DigestStore digests;
  private final ExcursionSource excursions;

  public TemperatureLogService(RegistryView registry, SeriesStore series, CalibrationStore calibrations, DigestStore digests,
      ExcursionSource excursions) {
    this.registry = registry;
    this.series = series;
    this.calibrations = calibrations;
    this.digests = digests;
    this.excursions = excursions;
  }

  /** The site, or 404. */
  public Site site(Connection c, String tenant, String site) throws SQLException {
    return registry.site(c, tenant, site)
        .orElseThrow(() -> ColdchainException.notFound("no site " + site + " in tenant " + tenant));
  }

  public TemperatureLog build(Connection c, Site site, Instant from, Instant requestedTo, Instant now, String generatedBy)
      throws SQLException {
    String tenant = site.tenant();
    Instant to = requestedTo.isAfter(now) ? now : requestedTo;
    if (!from.isBefore(to)) {
      throw ColdchainException.badRequest("invalid_parameter", "from (" + from + ") must be before now (" + now + ")");
    }
    record Slot(Asset asset, Profile profile, SensorInfo sensor, Integer id, CalibrationStatus calibration, Request request) {}
    List<Slot> slots = new ArrayList<>();
    Map<String, Profile> profiles = new HashMap<>();
    List<Asset> assets = registry.assetsOfSite(c, tenant, site.site());
    for (Asset a : assets) {
      Profile p = null;
      if (a.profile() != null) {
        if (!profiles.containsKey(a.profile())) {
          profiles.put(a.profile(), registry.profile(c, tenant, a.profile()).orElse(null));
        }
        p = profiles.get(a.profile());
      }
      for (SensorInfo s : registry.sensorsOfAsset(c, tenant, a.asset())) {
        Integer id = series.sensorId(c, tenant, s.sensor());
        Optional<Calibration> cal = calibrations.latest(c, tenant, s.sensor());
        LocalDate due = cal.map(Calibration::due).orElse(s.calibrationDue());
        Instant dueEnd = due == null ? null : due.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        CalibrationStatus status = new CalibrationStatus(due, cal.map(Calibration::calibratedAt).orElse(null),
            cal.map(Calibration::certificate).orElse(null), dueEnd != null && !now.isBefore(dueEnd), 0);
        Request req = id == null ? null : new Request(id, RecordingIntervals.required(a.kind()),
            RecordingIntervals.gapAfter(s.expectedIntervalS(), a.kind()), p == null ? null : p.minC(),
            p == null ? null : p.maxC(), dueEnd);
        slots.add(new Slot(a, p, s, id, status, req));
      }
    }
    List<Request> requests = slots.stream().map(Slot::request).filter(r -> r != null).toList();
    Map<Integer, Summary> summaries = series.summaries(c, requests, from, to);

    // Curves: raw for the sensors with few readings, one rollup query for the others.
    Duration span = Duration.between(from, to);
    Duration bucket = RecordingIntervals.bucketFor(span, MAX_POINTS);
    List<Integer> rawIds = new ArrayList<>();
    List<Integer> rolledIds = new ArrayList<>();
    summaries.values().forEach(s -> (s.count() <= MAX_POINTS ? rawIds : rolledIds).add(s.sensorId()));
    Map<Integer, List<Point>> curves = new HashMap<>();
    series.raw(c, rawIds, from, to).forEach(pt -> curves.computeIfAbsent(pt.sensorId(), k -> new ArrayList<>()).add(pt));
    if (!rolledIds.isEmpty()) {
      series.rollup(c, rolledIds, from, to, bucket, series.timescale(c))
          .forEach(pt -> curves.computeIfAbsent(pt.sensorId(), k -> new ArrayList<>()).add(pt));
    }

    Map<String, List<SensorLog>> byAsset = new LinkedHashMap<>();
    assets.forEach(a -> byAsset.put(a.asset(), new ArrayList<>()));
    for (Slot slot : slots) {
      SensorInfo s = slot.sensor();
      Summary sum = slot.id() == null ? null : summaries.get(slot.id());
      List<Gap> gaps = new ArrayList<>();
      Duration gapAfter = RecordingIntervals.gapAfter(s.expectedIntervalS(), slot.asset().kind());
      if (sum == null) {
        gaps.add(new Gap(from, to)); // not one reading in the period: all of it is a gap
      } else {
        if (Duration.between(from, sum.first()).compareTo(gapAfter) > 0) {
          gaps.add(new Gap(from, sum.first()));
        }
        gaps.addAll(sum.gaps());
      }
      CalibrationStatus cal = slot.calibration();
      if (sum != null) {
        cal = new CalibrationStatus(cal.due(), cal.calibratedAt(), cal.certificate(), cal.overdue(), sum.afterCalibrationDue());
      }
      double compliance = sum == null ? 0 : Math.min(1.0, sum.covered().toMillis() / (double) span.toMillis());
      byAsset.get(slot.asset().asset()).add(new SensorLog(s.sensor(),
          s.expectedIntervalS() == null ? null : Duration.ofSeconds(s.expectedIntervalS()),
          RecordingIntervals.required(slot.asset().kind()),
          sum == null ? 0 : sum.count(), sum == null ? null : sum.minC(), sum == null ? null : sum.maxC(),
          sum == null ? null : sum.meanC(), sum == null ? Duration.ZERO : sum.outOfRange(), compliance,
          sum != null && sum.count() > MAX_POINTS ? bucket : null,
          slot.id() == null ? List.of() : curves.getOrDefault(slot.id(), List.of()), gaps, cal,
          excursions.ofSensor(c, tenant, s.sensor(), from, to)));
    }
    List<AssetLog> assetLogs = new ArrayList<>();
    for (Asset a : assets) {
      Profile p = a.profile() == null ? null : profiles.get(a.profile());
      assetLogs.add(new AssetLog(a.asset(), a.name(), a.kind(), a.profile(), p == null ? null : p.minC(),
          p == null ? null : p.maxC(), byAsset.get(a.asset())));
    }
    return new TemperatureLog(site, from, to, now, generatedBy, excursions.connected(), assetLogs,
        sealedDigests(c, tenant, slots.stream().map(sl -> sl.sensor().sensor()).collect(java.util.stream.Collectors.toSet()), from, to));
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
      digests.seals(c, ref, first, last, false).forEach(d -> latest.put(d.day(), d));
      latest.values().forEach(d -> out.add(new DayDigest(ref.sensor(), d.day(), d.version(), d.rowCount(),
          ChainDigest.hex(d.digest()), d.linkIntact())));
    }
    return out;
  }
}
