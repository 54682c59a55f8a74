package io.coldchain.records.export;

import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * The temperature log as a PDF an inspector can file. Pages: (1) site, period, generated at and by,
 * and the summary per asset and sensor; (2) one page per asset (continued when long): its curve with
 * the limits drawn, its excursions with corrective actions, its gaps; (3) calibration of every
 * sensor and the sealed daily digests. Labels in English or Chinese; the font is embedded.
 */
public final class LogPdf {
    static final Color LIMIT = new Color(0xd62728);

    private final ReportFonts fonts;

    public LogPdf(ReportFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(TemperatureLog log, String lang) throws IOException {
        Labels l = Labels.of(lang);
        try (PDDocument doc = new PDDocument();
                ReportFonts.Loaded font = fonts.load(doc)) {
            PDDocumentInformation info = doc.getDocumentInformation();
            String period =
                    LocalTimes.printed(log.from(), log.zone()) + " – " + LocalTimes.printed(log.to(), log.zone());
            info.setTitle(l.get("log.title") + " " + log.site().site() + " " + period);
            info.setAuthor(log.generatedBy());
            info.setCreator("Coldchain");
            String footer = l.get("log.title") + " · " + log.site().site() + " · " + period + " · " + l.get("page");
            try (PdfCanvas pdf = new PdfCanvas(doc, font.font(), footer)) {
                summaryPage(pdf, log, l);
                for (AssetLog a : log.assets()) {
                    assetPage(pdf, log, a, l);
                }
                siteExcursions(pdf, log, l);
                calibrationAndDigests(pdf, log, l);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void summaryPage(PdfCanvas pdf, TemperatureLog log, Labels l) throws IOException {
        pdf.newPage();
        pdf.line(16, l.get("log.title"));
        pdf.moveDown(6);
        siteLines(
                pdf,
                log,
                l,
                LocalTimes.printed(log.from(), log.zone()) + " – " + LocalTimes.printed(log.to(), log.zone()));
        generatedLine(pdf, log, l);
        pdf.moveDown(10);
        pdf.line(12, l.get("summary"));
        float[] w = {80, 80, 45, 45, 45, 45, 65, 60, 50};
        pdf.row(
                7.5f,
                w,
                List.of(
                        l.get("asset"),
                        l.get("sensor"),
                        l.get("readings"),
                        l.get("min"),
                        l.get("max"),
                        l.get("mean"),
                        l.get("out_of_range"),
                        l.get("compliance"),
                        l.get("limits")),
                true);
        for (AssetLog a : log.assets()) {
            for (SensorLog s : a.sensors()) {
                pdf.row(
                        7.5f,
                        w,
                        List.of(
                                a.asset(),
                                s.sensor(),
                                String.valueOf(s.count()),
                                num(s.minC()),
                                num(s.maxC()),
                                num(s.meanC()),
                                duration(s.outOfRange()),
                                String.format(Locale.ROOT, "%.1f %%", s.compliance() * 100),
                                limits(a)),
                        false);
            }
        }
    }

    private void assetPage(PdfCanvas pdf, TemperatureLog log, AssetLog a, Labels l) throws IOException {
        pdf.newPage();
        pdf.line(13, l.get("asset") + ": " + a.name() + " (" + a.asset() + ", " + a.kind() + ")");
        pdf.line(
                9,
                l.get("profile") + ": " + (a.profile() == null ? "-" : a.profile()) + "   " + l.get("limits") + ": "
                        + limits(a));
        pdf.moveDown(4);
        pdf.line(
                9,
                l.get("chart")
                        + (a.sensors().stream().anyMatch(s -> !s.raw())
                                ? " — " + l.get("rolled_up") + " "
                                        + duration(a.sensors().stream()
                                                .filter(s -> !s.raw())
                                                .findFirst()
                                                .get()
                                                .bucket())
                                : " — " + l.get("raw")));
        LogChart.draw(pdf, log, a);

        pdf.moveDown(12);
        pdf.line(11, l.get("excursions"));
        List<ExcursionRecord> excursions =
                a.sensors().stream().flatMap(s -> s.excursions().stream()).toList();
        if (!log.excursionsConnected()) {
            pdf.line(8.5f, l.get("excursions_unavailable"), LIMIT);
        } else if (excursions.isEmpty()) {
            pdf.line(8.5f, l.get("excursions_none"));
        } else {
            excursionTable(pdf, log, excursions, l);
        }

        pdf.moveDown(10);
        pdf.line(11, l.get("gaps"));
        List<String[]> gaps = new ArrayList<>();
        for (SensorLog s : a.sensors()) {
            for (Gap g : s.gaps()) {
                gaps.add(new String[] {
                    s.sensor(),
                    LocalTimes.printed(g.from(), log.zone()),
                    LocalTimes.printed(g.to(), log.zone()),
                    duration(g.duration())
                });
            }
        }
        if (gaps.isEmpty()) {
            pdf.line(8.5f, l.get("gaps_none"));
        } else {
            float[] w = {120, 120, 120, 100};
            pdf.row(7.5f, w, List.of(l.get("sensor"), l.get("from"), l.get("to"), l.get("duration")), true);
            for (String[] g : gaps) {
                pdf.row(7.5f, w, List.of(g), false);
            }
        }
    }

    /** One row per alert, its acknowledgement note below it. */
    private static void excursionTable(PdfCanvas pdf, TemperatureLog log, List<ExcursionRecord> excursions, Labels l)
            throws IOException {
        float[] w = {50, 60, 125, 45, 35, 70, 130};
        pdf.row(
                7,
                w,
                List.of(
                        l.get("alert"),
                        l.get("rule"),
                        l.get("start_end"),
                        l.get("peak"),
                        l.get("duration"),
                        l.get("status"),
                        l.get("corrective")),
                true);
        for (ExcursionRecord e : excursions) {
            pdf.row(
                    7,
                    w,
                    List.of(
                            e.alertId(),
                            e.rule() + " / " + e.severity(),
                            LocalTimes.shortForm(e.start(), log.zone()) + " – "
                                    + LocalTimes.shortForm(e.end(), log.zone()),
                            peak(e, l),
                            duration(e.duration()),
                            e.status()
                                    + (e.ack() == null
                                            ? ""
                                            : " / " + e.ack().by() + " "
                                                    + LocalTimes.shortForm(
                                                            e.ack().at(), log.zone())),
                            (e.correctiveAction() == null ? "-" : e.correctiveAction())
                                    + (e.dispositions().isEmpty()
                                            ? ""
                                            : " " + new java.util.TreeMap<>(e.dispositions()))),
                    false);
            if (e.ack() != null && e.ack().note() != null && !e.ack().note().isBlank()) {
                pdf.row(
                        7,
                        new float[] {55, pdf.width() - 55},
                        List.of("", "ack: " + e.ack().note()),
                        false);
            }
        }
    }

    /** The alerts raised on no sensor (batch-level) at the site: no asset page lists them. */
    private static void siteExcursions(PdfCanvas pdf, TemperatureLog log, Labels l) throws IOException {
        if (!log.excursionsConnected() || log.siteExcursions().isEmpty()) {
            return;
        }
        pdf.moveDown(12);
        pdf.line(11, l.get("excursions.site"));
        excursionTable(pdf, log, log.siteExcursions(), l);
        pdf.moveDown(10);
    }

    private static void calibrationAndDigests(PdfCanvas pdf, TemperatureLog log, Labels l) throws IOException {
        pdf.newPage();
        pdf.line(12, l.get("calibration"));
        float[] w = {110, 70, 70, 120, 60, 85};
        pdf.row(
                7.5f,
                w,
                List.of(
                        l.get("sensor"),
                        l.get("calibrated_at"),
                        l.get("due"),
                        l.get("certificate"),
                        "",
                        l.get("after_due")),
                true);
        for (AssetLog a : log.assets()) {
            for (SensorLog s : a.sensors()) {
                var c = s.calibration();
                pdf.row(
                        7.5f,
                        w,
                        List.of(
                                s.sensor(),
                                c.calibratedAt() == null
                                        ? "-"
                                        : c.calibratedAt().toString(),
                                c.due() == null ? l.get("unknown") : c.due().toString(),
                                c.certificate() == null ? "-" : c.certificate(),
                                c.overdue() ? l.get("overdue") : "",
                                String.valueOf(c.readingsAfterDue())),
                        false);
            }
        }
        pdf.moveDown(12);
        pdf.line(12, l.get("integrity"));
        pdf.line(7.5f, l.get("integrity_note"), Color.DARK_GRAY);
        pdf.line(7.5f, l.get("utc_days"), Color.DARK_GRAY);
        if (log.digests().isEmpty()) {
            pdf.line(8.5f, l.get("digests_none"));
            return;
        }
        float[] dw = {100, 55, 25, 40, 295};
        pdf.row(
                7,
                dw,
                List.of(l.get("sensor"), l.get("day"), l.get("version"), l.get("readings"), l.get("digest")),
                true);
        for (DayDigest d : log.digests()) {
            pdf.row(
                    6.5f,
                    dw,
                    List.of(
                            d.sensor(),
                            d.day().toString(),
                            String.valueOf(d.version()),
                            String.valueOf(d.rowCount()),
                            d.digest()),
                    false);
        }
    }

    /**
     * The head of every site document (log, compliance report): the site, its address and region, and
     * the period in the site's zone with the zone and offset named.
     */
    static void siteLines(PdfCanvas pdf, TemperatureLog log, Labels l, String period) throws IOException {
        pdf.line(
                10,
                l.get("site") + ": " + log.site().name() + " (" + log.site().site() + ", "
                        + log.site().kind() + ")");
        pdf.line(
                10,
                l.get("address") + ": " + log.site().address() + "   " + l.get("region") + ": "
                        + log.site().region());
        pdf.line(10, l.get("period") + " " + LocalTimes.zoneLabel(log.zone(), log.from()) + ": " + period);
    }

    /** When the document was made, in the site's zone, and by whom. */
    static void generatedLine(PdfCanvas pdf, TemperatureLog log, Labels l) throws IOException {
        pdf.line(
                10,
                l.get("generated") + ": " + LocalTimes.printed(log.generatedAt(), log.zone()) + " / "
                        + log.generatedBy());
    }

    private static String limits(AssetLog a) {
        if (a.minC() == null && a.maxC() == null) {
            return "-";
        }
        return (a.minC() == null ? "" : num(a.minC())) + " … " + (a.maxC() == null ? "" : num(a.maxC())) + " °C";
    }

    /** The peak with its unit: "9.40 °C", "78.00 %RH", or for a door "door open" (localised); "-" when unknown. */
    static String peak(ExcursionRecord e, Labels l) {
        if ("door_open".equals(e.kind())) {
            return l.get("peak.door_open");
        }
        Double v = e.peakValue();
        return v == null ? "-" : num(v) + (e.unit() == null ? "" : " " + e.unit());
    }

    static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long m = d.toMinutes();
        return m >= 60
                ? String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60)
                : m + "m" + (m == 0 ? " " + d.toSecondsPart() + "s" : "");
    }
}
