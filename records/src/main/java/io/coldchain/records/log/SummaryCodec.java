package io.coldchain.records.log;

import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Summary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Summary} as bytes for {@code day_summaries}: exact (doubles as their bits, instants to the
 * nanosecond), compact (a day's 48 buckets in about 3 KB), and versioned, so that a format change
 * makes old rows unreadable rather than wrong: they are recomputed.
 */
final class SummaryCodec {
    private static final int FORMAT = 1;

    private SummaryCodec() {}

    static byte[] encode(Summary s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(s.sensorId());
            out.writeInt(s.count());
            writeDouble(out, s.minC());
            writeDouble(out, s.maxC());
            writeDouble(out, s.meanC());
            writeInstant(out, s.first());
            writeInstant(out, s.last());
            writeDouble(out, s.lastC());
            writeDuration(out, s.covered());
            writeDuration(out, s.outOfRange());
            writeDuration(out, s.aboveMax());
            writeDuration(out, s.belowMin());
            out.writeInt(s.afterCalibrationDue());
            out.writeInt(s.gaps().size());
            for (Gap g : s.gaps()) {
                writeInstant(out, g.from());
                writeInstant(out, g.to());
            }
            out.writeInt(s.buckets().size());
            for (Point p : s.buckets()) {
                out.writeInt(p.sensorId());
                writeInstant(out, p.ts());
                out.writeDouble(p.minC());
                out.writeDouble(p.maxC());
                out.writeDouble(p.avgC());
                out.writeInt(p.count());
                writeDouble(out, p.rh());
                writeDouble(out, p.batteryV());
                out.writeByte(p.doorOpen() == null ? 2 : p.doorOpen() ? 1 : 0);
                out.writeBoolean(p.gateway() != null);
                if (p.gateway() != null) {
                    out.writeUTF(p.gateway());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Empty when the bytes are of another format. */
    static Optional<Summary> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                return Optional.empty();
            }
            int sensorId = in.readInt();
            int count = in.readInt();
            Double minC = readDouble(in);
            Double maxC = readDouble(in);
            Double meanC = readDouble(in);
            Instant first = readInstant(in);
            Instant last = readInstant(in);
            Double lastC = readDouble(in);
            Duration covered = readDuration(in);
            Duration outOfRange = readDuration(in);
            Duration aboveMax = readDuration(in);
            Duration belowMin = readDuration(in);
            int afterDue = in.readInt();
            int gapCount = in.readInt();
            List<Gap> gaps = new ArrayList<>(gapCount);
            for (int i = 0; i < gapCount; i++) {
                gaps.add(new Gap(readInstant(in), readInstant(in)));
            }
            int pointCount = in.readInt();
            List<Point> points = new ArrayList<>(pointCount);
            for (int i = 0; i < pointCount; i++) {
                int id = in.readInt();
                Instant ts = readInstant(in);
                double min = in.readDouble();
                double max = in.readDouble();
                double avg = in.readDouble();
                int n = in.readInt();
                Double rh = readDouble(in);
                Double battery = readDouble(in);
                byte door = in.readByte();
                String gateway = in.readBoolean() ? in.readUTF() : null;
                points.add(new Point(id, ts, min, max, avg, n, rh, battery, door == 2 ? null : door == 1, gateway));
            }
            return Optional.of(new Summary(
                    sensorId,
                    count,
                    minC,
                    maxC,
                    meanC,
                    first,
                    last,
                    lastC,
                    covered,
                    outOfRange,
                    aboveMax,
                    belowMin,
                    afterDue,
                    List.copyOf(gaps),
                    List.copyOf(points)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeDouble(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeDuration(DataOutputStream out, Duration d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeLong(d.getSeconds());
            out.writeInt(d.getNano());
        }
    }

    private static Duration readDuration(DataInputStream in) throws IOException {
        return in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
    }
}
