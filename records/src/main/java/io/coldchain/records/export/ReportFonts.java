package io.coldchain.records.export;

import io.coldchain.core.error.ColdchainException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Finds the font PDF reports embed: a TrueType font (or collection) with Chinese glyphs, because
 * labels are in Chinese or English and ids or notes may contain either. PDFBox embeds TrueType
 * outlines only: OpenType/CFF fonts such as Noto Sans CJK cannot be embedded, so the defaults are
 * the WenQuanYi fonts (Debian {@code fonts-wqy-zenhei}, {@code fonts-wqy-microhei}).
 */
public final class ReportFonts {
    /** Looked for in this order when {@code records.pdf.font} is empty. */
    public static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"),
            Path.of("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"));

    static final String MISSING = "PDF reports need a TrueType font with Chinese glyphs, and none was found "
            + "(looked for %s). Install one (Debian/Ubuntu: apt-get install fonts-wqy-zenhei) or set "
            + "COLDCHAIN_RECORDS_PDF_FONT to a .ttf/.ttc file. JSON and CSV exports do not need it.";

    private final Optional<Path> configured;
    private final AtomicReference<Path> found = new AtomicReference<>();

    public ReportFonts(Optional<Path> configured) {
        this.configured = configured;
    }

    /** Whether a usable font is on this machine (tests and start-up messages ask before rendering). */
    public boolean available() {
        try {
            path();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The font file to use; 503 naming what to install when there is none. */
    public Path path() {
        Path p = found.get();
        if (p != null && Files.isReadable(p)) {
            return p;
        }
        List<Path> candidates = configured.map(List::of).orElse(CANDIDATES);
        for (Path c : candidates) {
            if (Files.isReadable(c)) {
                found.set(c);
                return c;
            }
        }
        throw ColdchainException.unavailable(String.format(MISSING, candidates), null);
    }

    /**
     * Loads the font into {@code doc} (embedded as a subset: only the glyphs used). The file is opened
     * per document: PDFBox reads glyphs from it when the document is saved, and a shared parser would
     * not be safe across concurrent reports. The returned closeable must be closed after saving.
     */
    public Loaded load(PDDocument doc) throws IOException {
        Path p = path();
        if (p.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(p.toFile());
            AtomicReference<TrueTypeFont> first = new AtomicReference<>();
            ttc.processAllFonts(f -> first.compareAndSet(null, f));
            if (first.get() == null) {
                ttc.close();
                throw ColdchainException.unavailable(p + " holds no font; " + String.format(MISSING, p), null);
            }
            return new Loaded(PDType0Font.load(doc, first.get(), true), ttc);
        }
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(p.toFile()));
        return new Loaded(PDType0Font.load(doc, ttf, true), ttf);
    }

    /** A font loaded into a document, and what to close once the document is saved. */
    public record Loaded(PDType0Font font, java.io.Closeable source) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
