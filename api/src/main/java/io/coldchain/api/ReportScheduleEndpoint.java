package io.coldchain.api;

import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.records.report.ReportSchedule;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.registry.AuditStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tenant's report schedules (contract §10), admin only (qa and regulators 403, another tenant 404):
 * {@code PUT …/report-schedules/{schedule}} {@code {"site", "period": "day"|"week"|"month",
 * "targets": [notification target ids], "format"?: "pdf"|"csv"|"json", "lang"?: "en"|"zh"}}
 * (201 created, 200 replaced; audited as {@code put_report_schedule}), {@code GET} one (with its last
 * queued deliveries) or all, {@code DELETE} (200 whether or not it existed; audited when it did). A
 * new schedule starts with the period that contains today at the site: the first report is queued
 * when that period ends.
 */
final class ReportScheduleEndpoint {
    static final Set<String> PERIODS = Set.of("day", "week", "month");
    static final Set<String> LANGS = Set.of("en", "zh");
    static final int MAX_TARGETS = 20;

    private final DbWorker db;
    private final AccessPolicy policy;
    private final ReportScheduleStore store;
    private final ComplianceReportService reports;
    private final NotificationTargetStore targets;
    private final AuditStore audit;
    private final Clock clock;

    ReportScheduleEndpoint(
            DbWorker db,
            AccessPolicy policy,
            ReportScheduleStore store,
            ComplianceReportService reports,
            NotificationTargetStore targets,
            AuditStore audit,
            Clock clock) {
        this.db = db;
        this.policy = policy;
        this.store = store;
        this.reports = reports;
        this.targets = targets;
        this.audit = audit;
        this.clock = clock;
    }

    private record PutOutcome(boolean created, JsonObject body) {}

    /** The parts of a PUT body, checked. */
    record Body(String site, LocalPeriod.Kind period, List<String> targets, String format, String lang) {}

    private String tenant(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        if (!request.hasRole(Principal.ADMIN)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not manage report schedules");
        }
        policy.requireRegistryWrite(request); // the tenant: another tenant's is 404
        return request.tenant();
    }

    void put(RoutingContext ctx) {
        String tenant = tenant(ctx);
        Principal caller = RequestContext.of(ctx).caller();
        String id = Params.id(ctx, "schedule");
        Body b = parse(ctx.body().buffer());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            var site = reports.logs()
                                    .findSite(c, tenant, b.site())
                                    .orElseThrow(() -> BodyReader.invalid("site " + b.site() + " does not exist"));
                            for (String t : b.targets()) {
                                if (targets.get(c, tenant, t).isEmpty()) {
                                    throw BodyReader.invalid("targets: no notification target " + t);
                                }
                            }
                            LocalDate today = clock.instant()
                                    .atZone(reports.logs().zoneOf(site))
                                    .toLocalDate();
                            LocalDate before = reports.period(site, b.period(), today)
                                    .first()
                                    .minusDays(1);
                            var old = store.get(c, tenant, id);
                            ReportSchedule s = new ReportSchedule(
                                    tenant, id, b.site(), b.period(), b.targets(), b.format(), b.lang(), before);
                            boolean created = store.put(c, s);
                            ReportSchedule now = store.get(c, tenant, id).orElseThrow();
                            audit.insert(
                                    c,
                                    tenant,
                                    caller.subject(),
                                    caller.role(),
                                    "put_report_schedule",
                                    "report_schedule",
                                    id,
                                    old.map(ReportScheduleEndpoint::render).orElse(null),
                                    render(now));
                            return new PutOutcome(created, render(now));
                        }),
                        r -> r)
                .onSuccess(r ->
                        JsonResponse.send(ctx, r.created() ? 201 : 200, r.body().toBuffer()))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String id = Params.id(ctx, "schedule");
        db.query(
                        c -> {
                            var s = store.get(c, tenant, id)
                                    .orElseThrow(() -> ColdchainException.notFound(
                                            "no report schedule " + id + " in tenant " + tenant));
                            JsonArray recent = new JsonArray();
                            new ReportDeliveryStore()
                                    .deliveries(c, tenant, id, 20)
                                    .forEach(d -> recent.add(new JsonObject()
                                            .put("id", d.id())
                                            .put("first_day", d.firstDay().toString())
                                            .put("last_day", d.lastDay().toString())
                                            .put("target", d.target())
                                            .put("format", d.format())
                                            .put("status", d.status())));
                            return render(s).put("recent_deliveries", recent);
                        },
                        JsonObject::toBuffer)
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        String tenant = tenant(ctx);
        db.query(
                        c -> store.list(c, tenant),
                        rows -> new JsonObject()
                                .put("tenant", tenant)
                                .put(
                                        "schedules",
                                        new JsonArray(rows.stream()
                                                .map(ReportScheduleEndpoint::render)
                                                .toList()))
                                .toBuffer())
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    void delete(RoutingContext ctx) {
        String tenant = tenant(ctx);
        Principal caller = RequestContext.of(ctx).caller();
        String id = Params.id(ctx, "schedule");
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            var old = store.get(c, tenant, id);
                            if (old.isPresent() && store.delete(c, tenant, id)) {
                                audit.insert(
                                        c,
                                        tenant,
                                        caller.subject(),
                                        caller.role(),
                                        "delete_report_schedule",
                                        "report_schedule",
                                        id,
                                        render(old.get()),
                                        null);
                            }
                            return new JsonObject().put("schedule", id).put("deleted", old.isPresent());
                        }),
                        JsonObject::toBuffer)
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    static JsonObject render(ReportSchedule s) {
        return new JsonObject()
                .put("schedule", s.schedule())
                .put("site", s.site())
                .put("period", s.period().wire())
                .put("targets", new JsonArray(s.targets()))
                .put("format", s.format())
                .put("lang", s.lang())
                .put("delivered_through", s.deliveredThrough().toString());
    }

    static Body parse(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("site", "period", "targets", "format", "lang");
        String site = b.id("site", true);
        String period = b.oneOf("period", PERIODS);
        String format = b.oneOf("format", io.coldchain.records.export.ReportDocuments.FORMATS, "pdf");
        String lang = b.oneOf("lang", LANGS, "en");
        if (!(b.body().getValue("targets") instanceof JsonArray array)
                || array.isEmpty()
                || array.size() > MAX_TARGETS) {
            throw BodyReader.invalid("targets must be an array of 1 to " + MAX_TARGETS + " notification target ids");
        }
        List<String> list = new ArrayList<>();
        for (Object t : array) {
            if (!(t instanceof String id) || !Ids.isValid(id)) {
                throw BodyReader.invalid(
                        "targets must hold notification target ids (1-64 characters of A-Z a-z 0-9 _ . : -)");
            }
            if (!list.contains(id)) {
                list.add(id);
            }
        }
        return new Body(site, LocalPeriod.Kind.fromWire(period), list, format, lang);
    }
}
