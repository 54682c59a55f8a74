package io.coldchain.records.export;

import io.coldchain.records.report.SelfInspection;
import io.coldchain.records.report.SelfInspection.Month;
import io.coldchain.records.report.SelfInspection.SiteYear;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;

/** The yearly self-inspection summary as a PDF: one table per site, a row per month (en or zh, font embedded). */
public final class SelfInspectionPdf {
    private final ReportFonts fonts;

    public SelfInspectionPdf(ReportFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(SelfInspection s, String lang) throws IOException {
        Labels l = Labels.of(lang);
        try (PDDocument doc = new PDDocument();
                ReportFonts.Loaded font = fonts.load(doc)) {
            String title = l.get("yearly.title") + " " + s.tenant() + " " + s.year();
            doc.getDocumentInformation().setTitle(title);
            doc.getDocumentInformation().setCreator("Coldchain");
            try (PdfCanvas pdf = new PdfCanvas(doc, font.font(), title + " · " + l.get("page"))) {
                pdf.newPage();
                pdf.line(16, title);
                pdf.line(8, l.get("utc_days"), java.awt.Color.DARK_GRAY);
                float[] w = {60, 50, 85, 60, 75, 50, 60, 75};
                for (SiteYear y : s.sites()) {
                    pdf.moveDown(10);
                    pdf.line(12, l.get("site") + ": " + y.name() + " (" + y.site() + ", " + y.timezone() + ")");
                    pdf.row(
                            7,
                            w,
                            List.of(
                                    l.get("yearly.month"),
                                    l.get("sensor"),
                                    l.get("compliance"),
                                    l.get("excursions.short"),
                                    l.get("out_of_range"),
                                    l.get("gaps.short"),
                                    l.get("report.seals"),
                                    l.get("integrity.short")),
                            true);
                    for (Month m : y.months()) {
                        pdf.row(
                                7,
                                w,
                                List.of(
                                        m.month() + (m.complete() ? "" : " *"),
                                        String.valueOf(m.sensors()),
                                        m.sensorsMeetingInterval() + " / " + m.sensors(),
                                        m.excursions() == null ? l.get("unknown") : String.valueOf(m.excursions()),
                                        LogPdf.duration(m.worstTimeOutOfRange()),
                                        String.valueOf(m.gaps()),
                                        String.valueOf(m.sealsChecked()),
                                        m.integrityIntact() ? l.get("report.intact") : l.get("report.not_intact")),
                                false);
                    }
                }
                pdf.moveDown(8);
                pdf.line(7.5f, l.get("yearly.incomplete"), java.awt.Color.DARK_GRAY);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            doc.save(out);
            return out.toByteArray();
        }
    }
}
