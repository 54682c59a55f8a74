package io.coldchain.records.export;

import io.coldchain.records.report.SelfInspection;
import io.coldchain.records.report.SelfInspection.Month;
import io.coldchain.records.report.SelfInspection.SiteYear;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The yearly self-inspection summary as JSON: per site, per month of its local calendar. */
public final class SelfInspectionJson {
    private SelfInspectionJson() {}

    public static Buffer render(SelfInspection s) {
        JsonArray sites = new JsonArray();
        for (SiteYear y : s.sites()) {
            JsonArray months = new JsonArray();
            for (Month m : y.months()) {
                months.add(new JsonObject()
                        .put("month", m.month().toString())
                        .put("complete", m.complete())
                        .put("sensors", m.sensors())
                        .put("sensors_meeting_required_interval", m.sensorsMeetingInterval())
                        .put("excursions", m.excursions())
                        .put(
                                "worst_time_out_of_range_s",
                                m.worstTimeOutOfRange().toSeconds())
                        .put("gaps", m.gaps())
                        .put("seals_checked", m.sealsChecked())
                        .put("integrity_intact", m.integrityIntact()));
            }
            sites.add(new JsonObject()
                    .put("site", y.site())
                    .put("name", y.name())
                    .put("timezone", y.timezone())
                    .put("months", months));
        }
        return new JsonObject()
                .put("report", "self_inspection")
                .put("tenant", s.tenant())
                .put("year", s.year())
                .put("sites", sites)
                .toBuffer();
    }
}
