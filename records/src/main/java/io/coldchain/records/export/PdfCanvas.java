package io.coldchain.records.export;

import java.awt.Color;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A4 pages written top to bottom: text lines, table rows (cells cut to their column width), and a
 * drawing area for charts. Starts a new page when the current one is full, and numbers pages in the
 * footer. Plain PDFBox primitives, nothing else.
 */
final class PdfCanvas implements AutoCloseable {
    static final float MARGIN = 40;
    static final PDRectangle SIZE = PDRectangle.A4;

    private final PDDocument doc;
    private final PDType0Font font;
    private final String footer;
    private PDPageContentStream content;
    private float y;
    private int pages;

    PdfCanvas(PDDocument doc, PDType0Font font, String footer) {
        this.doc = doc;
        this.font = font;
        this.footer = footer;
    }

    PDType0Font font() {
        return font;
    }

    PDPageContentStream content() {
        return content;
    }

    float y() {
        return y;
    }

    void moveDown(float dy) {
        y -= dy;
    }

    float width() {
        return SIZE.getWidth() - 2 * MARGIN;
    }

    /** Starts a new page. */
    void newPage() throws IOException {
        closePage();
        PDPage page = new PDPage(SIZE);
        doc.addPage(page);
        pages++;
        content = new PDPageContentStream(doc, page);
        y = SIZE.getHeight() - MARGIN;
        text(MARGIN, 20, 7, footer + "  ·  " + pages, Color.GRAY);
    }

    /** Makes sure {@code height} points fit on this page, else starts a new one. */
    void need(float height) throws IOException {
        if (content == null || y - height < MARGIN + 10) {
            newPage();
        }
    }

    void line(float size, String s) throws IOException {
        line(size, s, Color.BLACK);
    }

    void line(float size, String s, Color color) throws IOException {
        need(size + 4);
        y -= size + 4;
        text(MARGIN, y, size, fit(s, size, width()), color);
    }

    /** One table row: each cell cut to its column width. */
    void row(float size, float[] widths, List<String> cells, boolean bold) throws IOException {
        need(size + 4);
        y -= size + 4;
        float x = MARGIN;
        for (int i = 0; i < widths.length && i < cells.size(); i++) {
            String cell = cells.get(i) == null ? "" : cells.get(i);
            text(x, y, size, fit(cell, size, widths[i] - 4), bold ? Color.DARK_GRAY : Color.BLACK);
            x += widths[i];
        }
        if (bold) {
            content.setStrokingColor(Color.LIGHT_GRAY);
            content.moveTo(MARGIN, y - 2);
            content.lineTo(MARGIN + width(), y - 2);
            content.stroke();
        }
    }

    void text(float x, float yy, float size, String s, Color color) throws IOException {
        content.beginText();
        content.setNonStrokingColor(color);
        content.setFont(font, size);
        content.newLineAtOffset(x, yy);
        content.showText(s);
        content.endText();
    }

    float widthOf(String s, float size) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** {@code s} without control characters, cut with an ellipsis to fit {@code max} points. */
    String fit(String s, float size, float max) throws IOException {
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        if (widthOf(clean, size) <= max) {
            return clean;
        }
        int end = clean.length();
        while (end > 0 && widthOf(clean.substring(0, end) + "…", size) > max) {
            end = clean.offsetByCodePoints(end, -1);
        }
        return clean.substring(0, end) + "…";
    }

    int pages() {
        return pages;
    }

    private void closePage() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    @Override
    public void close() throws IOException {
        closePage();
    }
}
