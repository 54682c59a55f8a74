package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.calibration.Calibration;
import io.coldchain.registry.calibration.CalibrationStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The records of a tenant that are not logs or traces: the integrity verification of the sealed
 * readings ({@code GET .../integrity}) and the sensors' calibration records
 * ({@code POST/GET .../sensors/{sensor}/calibrations}). The work is in the records module; this
 * class checks the caller (admin and qa of the tenant, a regulator within its region), parses, and
 * renders JSON.
 */
final class RecordsEndpoint {
    static final Duration DEFAULT_INTEGRITY_SPAN = Duration.ofDays(7);
    static final Duration MAX_INTEGRITY_SPAN = Duration.ofDays(366);
    static final int MAX_TEXT = 200;

    private final DbWorker db;
    private final AccessPolicy policy;
    private final IntegrityCheck integrity;
    private final CalibrationStore calibrations;
    private final RegistryView registry;
    private final AuditStore audit;
    private final Clock clock;

    RecordsEndpoint(
            DbWorker db,
            AccessPolicy policy,
            IntegrityCheck integrity,
            CalibrationStore calibrations,
            RegistryView registry,
            AuditStore audit,
            Clock clock) {
        this.db = db;
        this.policy = policy;
        this.integrity = integrity;
        this.calibrations = calibrations;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code GET /api/v1/tenants/{tenant}/integrity?from=&to=[&sensor=]}: every UTC day overlapping [from, to). */
    void integrity(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        TimeWindow window = Params.window(ctx, clock.instant(), DEFAULT_INTEGRITY_SPAN);
        if (Duration.between(window.from(), window.to()).compareTo(MAX_INTEGRITY_SPAN) > 0) {
            throw ColdchainException.badRequest(Params.INVALID, "from..to may span at most 366 days");
        }
        Optional<String> sensor = Optional.ofNullable(ctx.queryParams().get("sensor"))
                .filter(s -> !s.isEmpty())
                .map(s -> Ids.require("sensor", s));
        LocalDate from = window.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate to = window.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        db.query(
                        c -> {
                            Optional<Set<String>> allowed = Optional.empty();
                            if (scope.regional()) {
                                allowed = Optional.of(Set.copyOf(registry.sensorsInRegion(c, tenant, scope.prefix())));
                                if (sensor.isPresent()) {
                                    policy.requireInScope(c, scope, "sensors", tenant, sensor.get());
                                }
                            }
                            IntegrityCheck.Report report =
                                    integrity.check(c, tenant, sensor, from, to, clock.instant());
                            return allowed.isEmpty() ? report : onlySensors(report, allowed.get());
                        },
                        RecordsEndpoint::render)
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    /** A regulator's view: only the sensors in its region. */
    private static IntegrityCheck.Report onlySensors(IntegrityCheck.Report r, Set<String> sensors) {
        return new IntegrityCheck.Report(
                r.tenant(),
                r.from(),
                r.to(),
                (int) r.digests().stream()
                        .map(IntegrityCheck.DayDigest::sensor)
                        .filter(sensors::contains)
                        .distinct()
                        .count(),
                (int) r.digests().stream()
                        .filter(d -> sensors.contains(d.sensor()))
                        .count(),
                r.mismatches().stream()
                        .filter(m -> sensors.contains(m.sensor()))
                        .toList(),
                r.resealed().stream().filter(m -> sensors.contains(m.sensor())).toList(),
                r.lateDataPending().stream()
                        .filter(m -> sensors.contains(m.sensor()))
                        .toList(),
                r.unsealed().stream().filter(m -> sensors.contains(m.sensor())).toList(),
                r.purged().stream().filter(m -> sensors.contains(m.sensor())).toList(),
                r.digests().stream().filter(m -> sensors.contains(m.sensor())).toList());
    }

    static Buffer render(IntegrityCheck.Report r) {
        JsonArray mismatches = new JsonArray();
        r.mismatches()
                .forEach(m -> mismatches.add(new JsonObject()
                        .put("sensor", m.sensor())
                        .put("day", m.day().toString())
                        .put("version", m.version())
                        .put("kind", m.kind())
                        .put("stored_digest", m.storedDigest())
                        .put("recomputed_digest", m.recomputedDigest())
                        .put("stored_count", m.storedCount())
                        .put("recomputed_count", m.recomputedCount())
                        .put("detail", m.detail())));
        JsonArray resealed = new JsonArray();
        r.resealed().forEach(x -> {
            JsonArray versions = new JsonArray();
            x.history()
                    .forEach(v -> versions.add(new JsonObject()
                            .put("version", v.version())
                            .put("reason", v.reason().equals("late_data") ? "late data received" : "closed day")
                            .put("row_count", v.rowCount())
                            .put("late_rows", v.lateRows())
                            .put(
                                    "covers_received_before",
                                    v.coversReceivedBefore().toString())
                            .put("digest", v.digest())));
            resealed.add(new JsonObject()
                    .put("sensor", x.sensor())
                    .put("day", x.day().toString())
                    .put("versions", versions));
        });
        JsonArray pending = new JsonArray();
        r.lateDataPending()
                .forEach(p -> pending.add(new JsonObject()
                        .put("sensor", p.sensor())
                        .put("day", p.day().toString())
                        .put("late_rows", p.lateRows())));
        JsonArray unsealed = new JsonArray();
        r.unsealed()
                .forEach(u -> unsealed.add(new JsonObject()
                        .put("sensor", u.sensor())
                        .put("day", u.day().toString())
                        .put("rows", u.rows())));
        JsonArray purged = new JsonArray();
        r.purged()
                .forEach(u -> purged.add(new JsonObject()
                        .put("sensor", u.sensor())
                        .put("day", u.day().toString())
                        .put("rows_deleted", u.rows())));
        JsonArray digests = new JsonArray();
        r.digests()
                .forEach(d -> digests.add(new JsonObject()
                        .put("sensor", d.sensor())
                        .put("day", d.day().toString())
                        .put("version", d.version())
                        .put("row_count", d.rowCount())
                        .put("digest", d.digest())
                        .put("intact", d.intact())));
        return new JsonObject()
                .put("tenant", r.tenant())
                .put("from_day", r.from().toString())
                .put("to_day", r.to().toString())
                .put("intact", r.intact())
                .put("sensors", r.sensors())
                .put("seals_checked", r.sealsChecked())
                .put("mismatches", mismatches)
                .put("resealed", resealed)
                .put("late_data_pending", pending)
                .put("unsealed", unsealed)
                .put("purged", purged)
                .put("digests", digests)
                .toBuffer();
    }

    /** {@code POST /api/v1/tenants/{tenant}/sensors/{sensor}/calibrations}: admin; appended and audited. */
    void addCalibration(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireRegistryWrite(request);
        String sensor = Params.id(ctx, "sensor");
        BodyReader body = BodyReader.of(ctx.body().buffer());
        body.known("calibrated_at", "due", "certificate", "performed_by");
        LocalDate calibratedAt = date(body, "calibrated_at");
        LocalDate due = date(body, "due");
        if (!due.isAfter(calibratedAt)) {
            throw BodyReader.invalid("due (" + due + ") must be after calibrated_at (" + calibratedAt + ")");
        }
        String certificate = body.text("certificate", MAX_TEXT);
        String performedBy = body.text("performed_by", MAX_TEXT);
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            if (!calibrations.sensorExists(c, tenant, sensor)) {
                                throw AccessPolicy.notFound(tenant);
                            }
                            Calibration stored = calibrations.insert(
                                    c,
                                    tenant,
                                    sensor,
                                    calibratedAt,
                                    due,
                                    certificate,
                                    performedBy,
                                    request.caller().subject());
                            audit.insert(
                                    c,
                                    tenant,
                                    request.caller().subject(),
                                    request.caller().role(),
                                    "add_calibration",
                                    "sensor_calibration",
                                    sensor,
                                    null,
                                    json(stored));
                            return stored;
                        }),
                        stored -> json(stored).toBuffer())
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    /** {@code GET /api/v1/tenants/{tenant}/sensors/{sensor}/calibrations}: newest first. */
    void listCalibrations(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String sensor = Params.id(ctx, "sensor");
        db.query(
                        c -> {
                            if (!registry.sensorExists(c, tenant, sensor)) {
                                throw AccessPolicy.notFound(tenant);
                            }
                            policy.requireInScope(c, scope, "sensors", tenant, sensor);
                            return calibrations.list(c, tenant, sensor);
                        },
                        (List<Calibration> rows) -> {
                            JsonArray out = new JsonArray();
                            rows.forEach(r -> out.add(json(r)));
                            LocalDate today =
                                    clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
                            return new JsonObject()
                                    .put("tenant", tenant)
                                    .put("sensor", sensor)
                                    .put(
                                            "calibration_due",
                                            rows.isEmpty()
                                                    ? null
                                                    : rows.get(0).due().toString())
                                    .put(
                                            "overdue",
                                            !rows.isEmpty()
                                                    && today.isAfter(rows.get(0).due()))
                                    .put("calibrations", out)
                                    .toBuffer();
                        })
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    static JsonObject json(Calibration c) {
        return new JsonObject()
                .put("id", c.id())
                .put("sensor", c.sensor())
                .put("calibrated_at", c.calibratedAt().toString())
                .put("due", c.due().toString())
                .put("certificate", c.certificate())
                .put("performed_by", c.performedBy())
                .put("recorded_by", c.recordedBy())
                .put("recorded_at", c.recordedAt().toString());
    }

    private static LocalDate date(BodyReader body, String field) {
        String s = body.string(field, true);
        try {
            LocalDate d = LocalDate.parse(s);
            if (d.getYear() < 1970 || d.getYear() > 9999) {
                throw BodyReader.invalid(field + " must be a date between 1970 and 9999");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw BodyReader.invalid(field + " must be a date like 2026-11-21 (got " + Ids.describe(s) + ")");
        }
    }
}
