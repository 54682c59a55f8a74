package io.coldchain.records.export;

import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.report.ComplianceReport;
import io.coldchain.records.report.ComplianceReport.AssetFigures;
import io.coldchain.records.report.ComplianceReport.SensorFigures;
import io.coldchain.records.report.ComplianceReport.SensorIntegrity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The compliance (self-inspection) report as a PDF: the site, the local period with its zone and
 * offset, the summary; per sensor the interval compliance, time out of range, gaps and calibration;
 * the excursions with their corrective actions and dispositions; the integrity of the sealed UTC
 * days. Labels in English or Chinese, the CJK font embedded ({@link ReportFonts}), as {@link LogPdf}.
 */
public final class ReportPdf {
    private final ReportFonts fonts;

    public ReportPdf(ReportFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(ComplianceReport r, String lang) throws IOException {
        Labels l = Labels.of(lang);
        TemperatureLog log = r.log();
        ZoneId zone = log.zone();
        try (PDDocument doc = new PDDocument();
                ReportFonts.Loaded font = fonts.load(doc)) {
            String days = r.period().first() + " – " + r.period().last();
            doc.getDocumentInformation()
                    .setTitle(l.get("report.title") + " " + log.site().site() + " " + days);
            doc.getDocumentInformation().setAuthor(log.generatedBy());
            doc.getDocumentInformation().setCreator("Coldchain");
            String footer = l.get("report.title") + " · " + log.site().site() + " · " + days + " · " + l.get("page");
            try (PdfCanvas pdf = new PdfCanvas(doc, font.font(), footer)) {
                pdf.newPage();
                pdf.line(
                        16,
                        l.get("report.title") + " · "
                                + l.get("period." + r.kind().wire()));
                pdf.moveDown(6);
                LogPdf.siteLines(
                        pdf,
                        log,
                        l,
                        days + " (" + LocalTimes.printed(log.from(), zone) + " – " + LocalTimes.printed(log.to(), zone)
                                + ")");
                if (!r.complete()) {
                    pdf.line(9, l.get("report.incomplete"), LogPdf.LIMIT);
                }
                LogPdf.generatedLine(pdf, log, l);
                pdf.moveDown(8);
                summary(pdf, r, l);
                sensors(pdf, r, l);
                excursions(pdf, r, l, zone);
                integrity(pdf, r, l);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void summary(PdfCanvas pdf, ComplianceReport r, Labels l) throws IOException {
        pdf.line(12, l.get("summary.report"));
        pdf.line(
                9,
                l.get("report.meeting")
                        + ": " + r.sensorsMeetingInterval() + " / " + r.sensorCount() + " ("
                        + l.get("report.threshold") + " "
                        + String.format(Locale.ROOT, "%.0f %%", ComplianceReport.COMPLIANCE_THRESHOLD * 100) + ")");
        pdf.line(
                9,
                l.get("excursions") + ": "
                        + (r.log().excursionsConnected() ? String.valueOf(r.excursionCount()) : l.get("unknown")));
        pdf.line(
                9,
                l.get("integrity.short") + ": " + r.sealsChecked() + " " + l.get("report.seals") + ", "
                        + (r.intact()
                                ? l.get("report.intact")
                                : l.get("report.not_intact") + " (" + r.mismatches() + ")")
                        + ", " + l.get("report.unsealed") + " " + r.unsealedDays());
        pdf.moveDown(8);
    }

    private static void sensors(PdfCanvas pdf, ComplianceReport r, Labels l) throws IOException {
        float[] w = {70, 75, 40, 45, 55, 30, 60, 55, 85};
        pdf.row(
                7,
                w,
                List.of(
                        l.get("asset"),
                        l.get("sensor"),
                        l.get("readings"),
                        l.get("report.required"),
                        l.get("compliance"),
                        "",
                        l.get("out_of_range"),
                        l.get("gaps.short"),
                        l.get("calibration.short")),
                true);
        for (AssetFigures a : r.assets()) {
            for (SensorFigures f : a.sensors()) {
                SensorLog s = f.log();
                pdf.row(
                        7,
                        w,
                        List.of(
                                a.asset(),
                                s.sensor(),
                                String.valueOf(s.count()),
                                LogPdf.duration(s.requiredInterval()),
                                String.format(Locale.ROOT, "%.1f %%", s.compliance() * 100),
                                f.meetsInterval() ? "OK" : "NO",
                                LogPdf.duration(s.outOfRange()),
                                f.gaps() + " / " + LogPdf.duration(f.gapTotal()),
                                l.get("cal." + f.calibration().wire())
                                        + (s.calibration().due() == null
                                                ? ""
                                                : " " + s.calibration().due())),
                        false);
            }
        }
        pdf.moveDown(10);
    }

    private static void excursions(PdfCanvas pdf, ComplianceReport r, Labels l, ZoneId zone) throws IOException {
        pdf.line(12, l.get("excursions"));
        if (!r.log().excursionsConnected()) {
            pdf.line(8.5f, l.get("excursions_unavailable"), LogPdf.LIMIT);
            return;
        }
        if (r.excursionCount() == 0) {
            pdf.line(8.5f, l.get("excursions_none"));
            return;
        }
        float[] w = {55, 60, 120, 45, 35, 60, 140};
        pdf.row(
                7,
                w,
                List.of(
                        l.get("asset"),
                        l.get("rule"),
                        l.get("start_end"),
                        l.get("peak"),
                        l.get("duration"),
                        l.get("status"),
                        l.get("corrective")),
                true);
        for (AssetFigures a : r.assets()) {
            for (ExcursionRecord e : a.excursions()) {
                excursionRow(pdf, w, a.asset(), e, l, zone);
            }
        }
        // Batch-level alerts (no sensor) once for the site, named by their asset or else the site.
        for (ExcursionRecord e : r.log().siteExcursions()) {
            excursionRow(pdf, w, e.asset() == null ? r.log().site().site() : e.asset(), e, l, zone);
        }
        pdf.moveDown(10);
    }

    private static void excursionRow(PdfCanvas pdf, float[] w, String where, ExcursionRecord e, Labels l, ZoneId zone)
            throws IOException {
        pdf.row(
                7,
                w,
                List.of(
                        where,
                        e.rule() + " / " + e.severity(),
                        LocalTimes.shortForm(e.start(), zone) + " – " + LocalTimes.shortForm(e.end(), zone),
                        LogPdf.peak(e, l),
                        LogPdf.duration(e.duration()),
                        e.status() + (e.ack() == null ? "" : " / " + e.ack().by()),
                        (e.correctiveAction() == null ? "-" : e.correctiveAction())
                                + (e.dispositions().isEmpty() ? "" : " " + new TreeMap<>(e.dispositions()))),
                false);
    }

    private static void integrity(PdfCanvas pdf, ComplianceReport r, Labels l) throws IOException {
        pdf.line(12, l.get("integrity.short"));
        pdf.line(7.5f, l.get("utc_days"), java.awt.Color.DARK_GRAY);
        float[] w = {110, 110, 60, 60, 60, 60};
        pdf.row(
                7,
                w,
                List.of(
                        l.get("sensor"),
                        l.get("day"),
                        l.get("report.seals"),
                        l.get("report.mismatches"),
                        l.get("report.unsealed"),
                        l.get("report.late")),
                true);
        for (SensorIntegrity si : r.integrity()) {
            var c = si.check();
            pdf.row(
                    7,
                    w,
                    List.of(
                            si.sensor(),
                            c.from() + " – " + c.to(),
                            String.valueOf(c.sealsChecked()),
                            String.valueOf(c.mismatches().size()),
                            String.valueOf(c.unsealed().size()),
                            String.valueOf(c.lateDataPending().size())),
                    false);
        }
    }
}
