package io.coldchain.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalSecondsTest {

    /** Parses text, or returns null when parse() says out of range. */
    static long[] parse(String text) {
        DecimalSeconds value = new DecimalSeconds();
        if (!value.parse(text.toCharArray(), 0, text.length())) {
            return null;
        }
        return new long[] {value.seconds, value.nanos};
    }

    /** The reference: BigDecimal truncated toward zero at nanoseconds, as floor seconds + nanos. */
    static long[] reference(String text) {
        BigDecimal value = new BigDecimal(text).setScale(9, RoundingMode.DOWN);
        BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
        long nanos = value.subtract(seconds).movePointRight(9).longValueExact();
        return new long[] {seconds.longValueExact(), nanos};
    }

    @Test
    void matchesBigDecimalOnTypicalAndRandomNumbers() {
        String[] samples = {
            "0",
            "-0",
            "1",
            "1763711970",
            "1763711970.5",
            "1.7637119701234e9",
            "1.7637119701234E+9",
            "17637119701234e-4",
            "-60",
            "-0.001",
            "0.000000001",
            "0.0000000009",
            "-0.0000000009",
            "25E-2",
            "1e0",
            "123.456789123456",
            "-1.5",
            "0.1e1",
            "100e-2",
            "1e14",
            "-999999999999999",
            "999999999999999.999999999"
        };
        for (String sample : samples) {
            assertThat(parse(sample)).as(sample).containsExactly(reference(sample));
        }
        Random random = new Random(8428);
        for (int i = 0; i < 50_000; i++) {
            String text = randomNumber(random);
            long[] expected = new BigDecimal(text).abs().compareTo(BigDecimal.valueOf(DecimalSeconds.MAX_SECONDS)) >= 0
                    ? null
                    : reference(text);
            long[] actual = parse(text);
            if (expected == null) {
                // Out of range, or just at it after truncation: must not claim a different value.
                if (actual != null) {
                    assertThat(actual).as(text).containsExactly(reference(text));
                }
            } else {
                assertThat(actual).as(text).containsExactly(expected);
            }
        }
    }

    private static String randomNumber(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        int intDigits = 1 + random.nextInt(12);
        text.append(1 + random.nextInt(9));
        for (int i = 1; i < intDigits; i++) {
            text.append(random.nextInt(10));
        }
        if (random.nextBoolean()) {
            text.append('.');
            int fracDigits = 1 + random.nextInt(14);
            for (int i = 0; i < fracDigits; i++) {
                text.append(random.nextInt(10));
            }
        }
        if (random.nextInt(3) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E');
            int exp = random.nextInt(25) - 12;
            text.append(exp < 0 ? "-" : random.nextBoolean() ? "+" : "").append(Math.abs(exp));
        }
        return text.toString();
    }

    @Test
    void refusesHugeMagnitudesAndIgnoresTinyOnesInBoundedTime() {
        assertThat(parse("1e15")).isNull();
        assertThat(parse("1e999999999")).isNull();
        assertThat(parse("-1e300")).isNull();
        assertThat(parse("1e-999999999")).containsExactly(0, 0);
        assertThat(parse("-1e-999999999")).containsExactly(0, 0);
        assertThat(parse("0e999999999")).containsExactly(0, 0);
        assertThat(parse("9".repeat(999))).isNull();
        assertThat(parse("0." + "0".repeat(990) + "1")).containsExactly(0, 0);
    }

    @Test
    void addCarriesNanoseconds() {
        DecimalSeconds a = new DecimalSeconds();
        DecimalSeconds b = new DecimalSeconds();
        a.parse("10.6".toCharArray(), 0, 4);
        b.parse("-0.3".toCharArray(), 0, 4);
        a.add(b);
        assertThat(a.seconds).isEqualTo(10);
        assertThat(a.nanos).isEqualTo(300_000_000);
    }
}
