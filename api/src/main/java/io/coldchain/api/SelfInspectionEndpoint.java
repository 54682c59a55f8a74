package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.records.export.SelfInspectionJson;
import io.coldchain.records.export.SelfInspectionPdf;
import io.coldchain.records.report.SelfInspectionService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;

/**
 * {@code GET /api/v1/tenants/{tenant}/self-inspection?year=YYYY&format=json|pdf&lang=en|zh}: the
 * tenant's yearly self-inspection summary, per site the figures of each month's compliance report
 * (default: the current year). admin and qa of the tenant; regulators 403 (it is the tenant's own
 * filing, built from the reports they can read site by site).
 */
final class SelfInspectionEndpoint {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final SelfInspectionService service;
    private final SelfInspectionPdf pdf;
    private final Clock clock;
    /** The {@code timezone} setting: where the default year is this year. */
    private final ZoneId zone;

    SelfInspectionEndpoint(
            DbWorker db,
            AccessPolicy policy,
            SelfInspectionService service,
            SelfInspectionPdf pdf,
            Clock clock,
            ZoneId zone) {
        this.zone = zone;
        this.db = db;
        this.policy = policy;
        this.service = service;
        this.pdf = pdf;
        this.clock = clock;
    }

    /**
     * The year the users live in (the {@code timezone} setting's zone): at 00:30 on 1 January in
     * Shanghai it is still the old year in UTC, and the summary asked for "this year" must be the new one.
     */
    static int thisYear(Clock clock, ZoneId zone) {
        return clock.instant().atZone(zone).getYear();
    }

    void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        String tenant = request.tenant();
        policy.requireOperational(request, "the self-inspection summary"); // admin, qa; the own tenant, else 404
        int thisYear = thisYear(clock, zone);
        String raw = SiteWindow.single(ctx, "year").orElse(Integer.toString(thisYear));
        int year;
        try {
            year = raw.matches("[0-9]{4}") ? Integer.parseInt(raw) : -1;
        } catch (NumberFormatException e) {
            year = -1;
        }
        if (year < 2000 || year > thisYear + 1) {
            throw ColdchainException.badRequest(
                    Params.INVALID, "year must be from 2000 to " + (thisYear + 1) + " (got " + Ids.describe(raw) + ")");
        }
        String format = ComplianceReportEndpoint.choice(ctx, "format", Set.of("json", "pdf"), "json");
        String lang = ComplianceReportEndpoint.lang(ctx);
        int y = year;
        db.query(
                        c -> service.build(
                                c, tenant, y, clock.instant(), caller.subject() + " (" + caller.role() + ")"),
                        s -> {
                            if (format.equals("json")) {
                                return SelfInspectionJson.render(s);
                            }
                            try {
                                return Buffer.buffer(pdf.render(s, lang));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .onSuccess(body -> {
                    var response = ctx.response()
                            .putHeader(
                                    HttpHeaders.CONTENT_TYPE,
                                    format.equals("pdf") ? "application/pdf" : "application/json")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    if (format.equals("pdf")) {
                        response.putHeader(
                                "Content-Disposition",
                                "attachment; filename=\"self-inspection-" + tenant + "-" + y + ".pdf\"");
                    }
                    response.end(body);
                })
                .onFailure(ctx::fail);
    }
}
