package io.coldchain.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.eval.TemperatureBands.Guess;
import io.coldchain.alerting.rules.EpisodeOptions;
import io.coldchain.alerting.rules.ExcursionEvaluator;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.Segment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's guess of "may start an excursion" from a batch's temperature extremes agrees with
 * the rules' own functions, for every default profile and alone or together (a batch on a cold room
 * holding dairy and meat).
 */
class TemperatureBandsTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void a_temperature_is_guessed_beyond_exactly_when_a_rule_would_start_an_episode_or_count_exposure() {
        List<Profile> all = DefaultProfiles.all();
        for (int i = 0; i <= all.size(); i++) {
            // Each profile alone, then all of them together.
            List<Profile> profiles = i < all.size() ? List.of(all.get(i)) : all;
            TemperatureBands bands = new TemperatureBands();
            bands.learn(1, segment(profiles));
            for (double t = -30; t <= 30; t += 0.05) {
                float f = (float) t;
                boolean guessed = bands.guess(change(f, f)) == Guess.BEYOND;
                assertThat(guessed)
                        .as(
                                "%.2f °C under %s",
                                f, profiles.stream().map(Profile::id).toList())
                        .isEqualTo(anyRuleBeyond(profiles, f));
            }
        }
    }

    @Test
    void either_extreme_beyond_makes_the_batch_beyond() {
        TemperatureBands bands = new TemperatureBands();
        bands.learn(1, segment(List.of(dairy())));
        assertThat(bands.guess(change(3f, 5f))).isEqualTo(Guess.WITHIN);
        assertThat(bands.guess(change(3f, 9f))).isEqualTo(Guess.BEYOND);
        assertThat(bands.guess(change(-0.5f, 5f))).isEqualTo(Guess.BEYOND);
    }

    @Test
    void unknown_sensors_unknown_temperatures_and_sensors_without_rules() {
        TemperatureBands bands = new TemperatureBands();
        assertThat(bands.guess(change(20f, 20f))).isEqualTo(Guess.UNKNOWN);
        bands.learn(1, segment(List.of(dairy())));
        // The gap sweep's and retries' changes carry no temperatures.
        assertThat(bands.guess(new Change(0, 1, T, T))).isEqualTo(Guess.WITHIN);
        // Not on an asset: no rule looks at it.
        bands.learn(1, null);
        assertThat(bands.guess(change(40f, 40f))).isEqualTo(Guess.WITHIN);
    }

    private static boolean anyRuleBeyond(List<Profile> profiles, double t) {
        Sample s = new Sample(T, t, null);
        for (Profile p : profiles) {
            for (Rule r : p.rules()) {
                if (r.kind().threshold() != Rule.Threshold.CELSIUS) {
                    continue;
                }
                if (r.kind().sensorEpisodes()
                        && !ExcursionEvaluator.episodes(r, EpisodeOptions.DEFAULT, List.of(s))
                                .isEmpty()) {
                    return true;
                }
                if (r.kind().cumulative() && BudgetCheck.addsExposure(r, s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Profile dairy() {
        return DefaultProfiles.all().stream()
                .filter(p -> p.id().equals("dairy-chilled"))
                .findFirst()
                .orElseThrow();
    }

    private static Change change(float min, float max) {
        return new Change(0, 1, T, T, min, max);
    }

    private static Segment segment(List<Profile> profiles) {
        return new Segment(T, T.plusSeconds(3600), "room-1", "cold_room", "store-1", "320300", List.of(), profiles);
    }
}
