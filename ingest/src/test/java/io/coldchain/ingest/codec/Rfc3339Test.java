package io.coldchain.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    static Instant parse(String text) {
        return Rfc3339.parse(text.toCharArray(), 0, text.length());
    }

    @Test
    void agreesWithJavaTimeOnRandomValidTimestamps() {
        Random random = new Random(3339);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong() % 253_402_300_799L; // within years 0000..9999 and after
            if (second < -62_135_596_800L) {
                second = Math.abs(second);
            }
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(18 * 60 * 2 + 1) - 18 * 60; // java.time stops at 18h
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime time = Instant.ofEpochSecond(second, nanos).atOffset(offset);
            if (time.getYear() < 0 || time.getYear() > 9999) {
                continue;
            }
            int digits = random.nextInt(10);
            String fraction =
                    digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
            String text = format.format(time) + fraction + offset.getId(); // "Z" or "+hh:mm"
            Instant expected = OffsetDateTime.parse(text).toInstant();
            assertThat(parse(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void epochDayMatchesLocalDate() {
        for (long day = -800_000; day < 3_000_000; day += 37) {
            LocalDate date = LocalDate.ofEpochDay(day);
            assertThat(Rfc3339.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .isEqualTo(day);
        }
    }

    @Test
    void acceptsTheContractForms() {
        assertThat(parse("2026-11-21T07:59:30Z")).isEqualTo(Instant.parse("2026-11-21T07:59:30Z"));
        assertThat(parse("2026-11-21T15:59:30+08:00")).isEqualTo(Instant.parse("2026-11-21T07:59:30Z"));
        assertThat(parse("2026-11-21T07:59:30-00:00")).isEqualTo(Instant.parse("2026-11-21T07:59:30Z"));
        assertThat(parse("2024-02-29T00:00:00.5z")).isEqualTo(Instant.parse("2024-02-29T00:00:00.5Z"));
        assertThat(parse("2026-11-21T07:59:30.1234567891234Z"))
                .isEqualTo(Instant.parse("2026-11-21T07:59:30.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-11-21T07:59:30",
                "2026-11-21T07:59Z",
                "2026-11-21T07:59:30.Z",
                "2026-11-21T07:59:30+08",
                "2026-11-21T07:59:30+0800",
                "2026-11-21T07:59:30+08:00:00",
                "2026-11-21 07:59:30Z",
                "2026-11-21X07:59:30Z",
                "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2025-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z",
                "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z",
                "2026-12-31T23:59:60Z",
                "2026-11-21T07:59:30+24:00",
                "2026-11-21T07:59:30+08:60",
                "+2026-11-21T07:59:30Z",
                "20261-11-21T07:59:30Z",
                "2026-11-21T07:59:30ZZ",
                "2026-11-21T07:59:30Z ",
                " 2026-11-21T07:59:30Z",
                "2026-1-21T07:59:30Z",
                "2026-11-21T07:59:3aZ",
                "２０２６-11-21T07:59:30Z",
                "2026-11-21T07:59:30.12a4Z"
            })
    void refusesEverythingElse(String text) {
        assertThat(parse(text)).isNull();
    }

    @Test
    void honoursOffsetAndLengthWithinALargerBuffer() {
        char[] buffer = "xx2026-11-21T07:59:30Zyy".toCharArray();
        assertThat(Rfc3339.parse(buffer, 2, 20)).isEqualTo(Instant.parse("2026-11-21T07:59:30Z"));
        assertThat(Rfc3339.parse(buffer, 2, 21)).isNull();
    }
}
