package io.coldchain.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.core.profile.MeanKineticTemperature.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MKT against values worked by hand. Throughout: ΔH/R = 10 000 K, T = °C + 273.15, and
 * T_mk = 10 000 / −ln( Σ tᵢ·e^(−10 000/Tᵢ) / Σ tᵢ ).
 *
 * <p>For 2 °C and 8 °C: T1 = 275.15 K, 10 000/T1 = 36.343812, e^−36.343812 = 1.644685e−16;
 * T2 = 281.15 K, 10 000/T2 = 35.568202, e^−35.568202 = 3.572121e−16. Their ratio
 * e^−0.775610 = 0.460423.
 */
class MeanKineticTemperatureTest {
    private static final Duration MIN = Duration.ofMinutes(1);

    @Test
    void constant_temperature_gives_that_temperature() {
        // Every term is e^(−a/T); the mean of equal terms is that term, and a / −ln(e^(−a/T)) = T.
        for (double t : new double[] {-80, -18, 0, 4, 25, 40}) {
            assertThat(MeanKineticTemperature.celsius(List.of(new Sample(t, MIN), new Sample(t, Duration.ofHours(5)))))
                    .isCloseTo(t, within(1e-9));
        }
    }

    @Test
    void two_equal_weights_lie_above_the_arithmetic_mean() {
        // mean = (1.644685e−16 + 3.572121e−16) / 2 = 2.608403e−16
        //      = e^−35.568202 · (1 + 0.460423) / 2 = e^−35.568202 · 0.730211
        // ln 0.730211 = −0.314421, so −ln mean = 35.568202 + 0.314421 = 35.882623
        // T_mk = 10 000 / 35.882623 = 278.6864 K = 5.5364 °C, above the arithmetic 5 °C.
        double mkt = MeanKineticTemperature.celsius(List.of(new Sample(2, MIN), new Sample(8, MIN)));
        assertThat(mkt).isCloseTo(5.5364, within(0.0005)).isGreaterThan(5.0);
    }

    @Test
    void weights_matter() {
        // 3 h at 2 °C, 1 h at 8 °C: mean = e^−35.568202 · (3·0.460423 + 1) / 4 = e^−35.568202 · 0.595317
        // ln 0.595317 = −0.518662, −ln mean = 36.086864, T_mk = 277.1091 K = 3.9591 °C
        // (arithmetic: 3.5 °C).
        double mkt = MeanKineticTemperature.celsius(
                List.of(new Sample(2, Duration.ofHours(3)), new Sample(8, Duration.ofHours(1))));
        assertThat(mkt).isCloseTo(3.9591, within(0.0005));
        // Reversed, 1 h at 2 °C and 3 h at 8 °C: (0.460423 + 3) / 4 = 0.865106, ln = −0.144904,
        // −ln mean = 35.713106, T_mk = 280.0093 K = 6.8593 °C (arithmetic: 6.5 °C).
        double reversed = MeanKineticTemperature.celsius(
                List.of(new Sample(2, Duration.ofHours(1)), new Sample(8, Duration.ofHours(3))));
        assertThat(reversed).isCloseTo(6.8593, within(0.0005));
        // A zero-weight sample stands for no time and changes nothing.
        assertThat(MeanKineticTemperature.celsius(List.of(
                        new Sample(2, Duration.ofHours(3)),
                        new Sample(8, Duration.ofHours(1)),
                        new Sample(40, Duration.ZERO))))
                .isCloseTo(mkt, within(1e-12));
    }

    @Test
    void a_huge_weight_dominates() {
        // Ten years at 4 °C against one second at 30 °C: the 30 °C term is e^(10 000/277.15 − 10 000/303.15)
        // = e^3.0946 ≈ 22 times larger per second but has 1/315 360 000 of the weight, shifting
        // −ln mean by about 22/3.15e8 ≈ 7e−8, so T_mk moves by about 277.15²·7e−8/10 000 ≈ 5e−7 K.
        double mkt = MeanKineticTemperature.celsius(
                List.of(new Sample(4, Duration.ofDays(3650)), new Sample(30, Duration.ofSeconds(1))));
        assertThat(mkt).isCloseTo(4.0, within(1e-5)).isGreaterThan(4.0);
    }

    @Test
    void a_hundred_thousand_samples_do_not_underflow() {
        // 100 000 one-minute readings alternating 2 °C and 8 °C are the equal-weight case above;
        // 100 000 readings at −80 °C (terms e^−51.77 ≈ 3.3e−23 each) give −80 °C.
        List<Sample> mixed = new ArrayList<>();
        List<Sample> deepFrozen = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            mixed.add(new Sample(i % 2 == 0 ? 2 : 8, MIN));
            deepFrozen.add(new Sample(-80, Duration.ofMinutes(10)));
        }
        assertThat(MeanKineticTemperature.celsius(mixed)).isCloseTo(5.5364, within(0.0005));
        assertThat(MeanKineticTemperature.celsius(deepFrozen)).isCloseTo(-80.0, within(1e-9));
    }

    @Test
    void rejects_what_has_no_mkt() {
        assertThatThrownBy(() -> MeanKineticTemperature.celsius(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeanKineticTemperature.celsius(
                        List.of(new Sample(4, Duration.ZERO), new Sample(5, Duration.ZERO))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero total weight");
        assertThatThrownBy(() -> new Sample(4, Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sample(Double.NaN, MIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sample(-273.15, MIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
