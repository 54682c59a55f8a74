package io.coldchain.records.export;

import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import java.awt.Color;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * The chart of one asset's page in the temperature log PDF: every sensor's curve (mean line; min and
 * max as thin lines when rolled up) and the limits as red dashed lines; the time axis in the site's
 * local time (the page states the zone and offset).
 */
final class LogChart {
    private static final Color[] SERIES = {
        new Color(0x1f77b4),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x17becf)
    };

    private LogChart() {}

    /** The curve of every sensor of the asset (mean line; min and max as thin lines when rolled up) and the limits. */
    static void draw(PdfCanvas pdf, TemperatureLog log, AssetLog a) throws IOException {
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
            pdf.text(
                    Math.min(xx - 20, right - 50),
                    bottom - 10,
                    7,
                    LocalTimes.shortForm(t, log.zone()).substring(0, 11),
                    Color.DARK_GRAY);
        }
        // Limits: red dashed lines, labelled.
        for (Double limit : new Double[] {a.minC(), a.maxC()}) {
            if (limit != null) {
                float yy = (float) (bottom + (limit - lo) / (hi - lo) * height);
                cs.setStrokingColor(LogPdf.LIMIT);
                cs.setLineWidth(0.8f);
                cs.setLineDashPattern(new float[] {4, 3}, 0);
                cs.moveTo(left, yy);
                cs.lineTo(right, yy);
                cs.stroke();
                cs.setLineDashPattern(new float[] {}, 0);
                pdf.text(right - 40, yy + 2, 7, String.format(Locale.ROOT, "%.1f °C", limit), LogPdf.LIMIT);
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
            ToDoubleFunction<Point> value,
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
}
