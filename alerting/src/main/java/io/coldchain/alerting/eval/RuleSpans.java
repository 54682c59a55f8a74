package io.coldchain.alerting.eval;

import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One per-sensor episode rule of the profiles that applied in the window, with where it applied. */
final class RuleSpans {
    final Rule rule;
    final Set<String> profiles = new LinkedHashSet<>();
    final List<Instant[]> spans = new ArrayList<>();

    private RuleSpans(Rule rule) {
        this.rule = rule;
    }

    private void add(Instant from, Instant to) {
        Instant[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
        if (last != null && last[1].equals(from)) {
            last[1] = to; // adjacent segments: one span, so an episode is not cut at a batch's arrival
        } else {
            spans.add(new Instant[] {from, to});
        }
    }

    /** Every per-sensor episode rule of the segments' profiles, by rule key, with its spans. */
    static Map<String, RuleSpans> of(List<Segment> segments) {
        Map<String, RuleSpans> out = new LinkedHashMap<>();
        for (Segment seg : segments) {
            Set<String> seen = new LinkedHashSet<>();
            for (Profile p : seg.profiles()) {
                for (Rule r : p.rules()) {
                    if (!r.kind().sensorEpisodes()) {
                        continue;
                    }
                    String key = RuleKey.of(r);
                    RuleSpans rs = out.computeIfAbsent(key, k -> new RuleSpans(r));
                    rs.profiles.add(p.id());
                    if (seen.add(key)) {
                        rs.add(seg.from(), seg.to());
                    }
                }
            }
        }
        return out;
    }

    /** The longest delay of a per-sensor episode rule in the segments: how far back an episode may start. */
    static Duration longestDelay(List<Segment> segments) {
        Duration longest = Duration.ZERO;
        for (Segment seg : segments) {
            for (Profile p : seg.profiles()) {
                for (Rule r : p.rules()) {
                    Duration d = r.kind().sensorEpisodes() ? r.delay() : Duration.ZERO;
                    longest = d.compareTo(longest) > 0 ? d : longest;
                }
            }
        }
        return longest;
    }
}
