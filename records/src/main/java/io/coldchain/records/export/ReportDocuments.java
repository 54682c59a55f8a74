package io.coldchain.records.export;

import io.coldchain.records.report.ComplianceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The compliance report rendered in one of its formats, for the endpoint and the scheduled job alike. */
public final class ReportDocuments {
    public static final Set<String> FORMATS = Set.of("json", "csv", "pdf");

    /** A rendered document. */
    public record Document(String contentType, byte[] body) {}

    private final ReportPdf pdf;

    public ReportDocuments(ReportFonts fonts) {
        this.pdf = new ReportPdf(fonts);
    }

    /** {@code format} json, csv or pdf; {@code lang} en or zh (the PDF's labels). */
    public Document render(ComplianceReport r, String format, String lang) {
        return switch (format) {
            case "csv" ->
                new Document(
                        "text/csv; charset=utf-8; header=present",
                        ReportCsv.render(r).getBytes(StandardCharsets.UTF_8));
            case "pdf" -> {
                try {
                    yield new Document("application/pdf", pdf.render(r, lang));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "json" -> new Document("application/json", ReportJson.render(r).getBytes());
            default -> throw new IllegalArgumentException("format " + format);
        };
    }
}
