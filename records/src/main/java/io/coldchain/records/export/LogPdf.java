package io.coldchain.records.export;

import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * The temperature log as a PDF an inspector can file. Pages: (1) site, period, generated at and by,
 * and the summary per asset and sensor; (2) one page per asset (continued when long): its curve with
 * the limits drawn, its excursions with corrective actions, its gaps; (3) calibration of every
 * sensor and the sealed daily digests. Labels in English or Chinese; the font is embedded.
 */
public final class LogPdf {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Color[] SERIES = {
        new Color(0x1f77b4),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x17becf)
    };
    private static final Color LIMIT = new Color(0xd62728);

    private final ReportFonts fonts;

    public LogPdf(ReportFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(TemperatureLog log, String lang) throws IOException {
        Labels l = Labels.of(lang);
        try (PDDocument doc = new PDDocument();
                ReportFonts.Loaded font = fonts.load(doc)) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(l.get("log.title") + " " + log.site().site() + " " + log.from() + " - " + log.to());
            info.setAuthor(log.generatedBy());
            info.setCreator("Coldchain");
            String footer = l.get("log.title") + " · " + log.site().site() + " · " + log.from() + " – " + log.to()
                    + " · " + l.get("page");
            try (PdfCanvas pdf = new PdfCanvas(doc, font.font(), footer)) {
                summaryPage(pdf, log, l);
                for (AssetLog a : log.assets()) {
                    assetPage(pdf, log, a, l);
                }
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
        pdf.line(
                10,
                l.get("site") + ": " + log.site().name() + " (" + log.site().site() + ", "
                        + log.site().kind() + ")");
        pdf.line(
                10,
                l.get("address") + ": " + log.site().address() + "   " + l.get("region") + ": "
                        + log.site().region());
        pdf.line(10, l.get("period") + ": " + log.from() + " – " + log.to());
        pdf.line(10, l.get("generated") + ": " + log.generatedAt() + " / " + log.generatedBy());
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
        chart(pdf, log, a);

        pdf.moveDown(12);
        pdf.line(11, l.get("excursions"));
        List<ExcursionRecord> excursions =
                a.sensors().stream().flatMap(s -> s.excursions().stream()).toList();
        if (!log.excursionsConnected()) {
            pdf.line(8.5f, l.get("excursions_unavailable"), LIMIT);
        } else if (excursions.isEmpty()) {
            pdf.line(8.5f, l.get("excursions_none"));
        } else {
            float[] w = {55, 70, 95, 35, 40, 75, 145};
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
                                TIME.format(e.start()) + " – " + (e.end() == null ? "…" : TIME.format(e.end())),
                                num(e.peakC()),
                                duration(e.duration()),
                                e.status()
                                        + (e.ack() == null
                                                ? ""
                                                : " / " + e.ack().by() + " "
                                                        + TIME.format(e.ack().at())),
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

        pdf.moveDown(10);
        pdf.line(11, l.get("gaps"));
        List<String[]> gaps = new ArrayList<>();
        for (SensorLog s : a.sensors()) {
            for (Gap g : s.gaps()) {
                gaps.add(new String[] {s.sensor(), TIME.format(g.from()), TIME.format(g.to()), duration(g.duration())});
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

    /** The curve of every sensor of the asset (mean line; min and max as thin lines when rolled up) and the limits. */
    private static void chart(PdfCanvas pdf, TemperatureLog log, AssetLog a) throws IOException {
        float height = 230;
        pdf.need(height + 40);
        float left = PdfCanvas.MARGIN + 30;
        float right = PdfCanvas.MARGIN + pdf.width();
        float top = pdf.y() - 10;
        float bottom = top - height;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SensorLog s : a.sensors()) {
            for (Point p : s.curve()) {
                lo = Math.min(lo, p.minC());
                hi = Math.max(hi, p.maxC());
            }
        }
        if (a.minC() != null) {
            lo = Math.min(lo, a.minC());
            hi = Math.max(hi, a.minC());
        }
        if (a.maxC() != null) {
            lo = Math.min(lo, a.maxC());
            hi = Math.max(hi, a.maxC());
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 10;
        }
        lo = Math.floor(lo - 1);
        hi = Math.ceil(hi + 1);
        double t0 = log.from().toEpochMilli();
        double t1 = log.to().toEpochMilli();
        PDPageContentStream cs = pdf.content();
        cs.setStrokingColor(Color.GRAY);
        cs.setLineWidth(0.5f);
        cs.addRect(left, bottom, right - left, height);
        cs.stroke();
        // Axes: five temperature ticks, five time ticks.
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            float yy = (float) (bottom + height * i / 4);
            pdf.text(PdfCanvas.MARGIN, yy - 3, 7, String.format(Locale.ROOT, "%.1f", v), Color.DARK_GRAY);
            Instant t = Instant.ofEpochMilli((long) (t0 + (t1 - t0) * i / 4));
            float xx = (float) (left + (right - left) * i / 4);
            pdf.text(Math.min(xx - 20, right - 50), bottom - 10, 7, TIME.format(t), Color.DARK_GRAY);
        }
        // Limits: red dashed lines, labelled.
        for (Double limit : new Double[] {a.minC(), a.maxC()}) {
            if (limit != null) {
                float yy = (float) (bottom + (limit - lo) / (hi - lo) * height);
                cs.setStrokingColor(LIMIT);
                cs.setLineWidth(0.8f);
                cs.setLineDashPattern(new float[] {4, 3}, 0);
                cs.moveTo(left, yy);
                cs.lineTo(right, yy);
                cs.stroke();
                cs.setLineDashPattern(new float[] {}, 0);
                pdf.text(right - 40, yy + 2, 7, String.format(Locale.ROOT, "%.1f °C", limit), LIMIT);
            }
        }
        int i = 0;
        float legendY = bottom - 22;
        for (SensorLog s : a.sensors()) {
            Color color = SERIES[i++ % SERIES.length];
            if (!s.raw()) {
                polyline(
                        cs,
                        s.curve(),
                        Point::minC,
                        t0,
                        t1,
                        lo,
                        hi,
                        left,
                        right,
                        bottom,
                        height,
                        color.brighter(),
                        0.3f);
                polyline(
                        cs,
                        s.curve(),
                        Point::maxC,
                        t0,
                        t1,
                        lo,
                        hi,
                        left,
                        right,
                        bottom,
                        height,
                        color.brighter(),
                        0.3f);
            }
            polyline(cs, s.curve(), Point::avgC, t0, t1, lo, hi, left, right, bottom, height, color, 0.8f);
            pdf.text(left + (i - 1) * 110, legendY, 7.5f, "— " + s.sensor(), color);
        }
        pdf.moveDown(height + 40);
    }

    private static void polyline(
            PDPageContentStream cs,
            List<Point> points,
            java.util.function.ToDoubleFunction<Point> value,
            double t0,
            double t1,
            double lo,
            double hi,
            float left,
            float right,
            float bottom,
            float height,
            Color color,
            float width)
            throws IOException {
        if (points.isEmpty()) {
            return;
        }
        cs.setStrokingColor(color);
        cs.setLineWidth(width);
        boolean first = true;
        for (Point p : points) {
            float x = (float) (left + (p.ts().toEpochMilli() - t0) / (t1 - t0) * (right - left));
            float y = (float) (bottom + (value.applyAsDouble(p) - lo) / (hi - lo) * height);
            if (first) {
                cs.moveTo(x, y);
                first = false;
            } else {
                cs.lineTo(x, y);
            }
        }
        cs.stroke();
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

    private static String limits(AssetLog a) {
        if (a.minC() == null && a.maxC() == null) {
            return "-";
        }
        return (a.minC() == null ? "" : num(a.minC())) + " … " + (a.maxC() == null ? "" : num(a.maxC())) + " °C";
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

    static String day(Instant t) {
        return DAY.format(t);
    }
}
