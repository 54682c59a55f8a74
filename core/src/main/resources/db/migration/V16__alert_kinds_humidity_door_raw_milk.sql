-- Alerts of the rule kinds of contract §8: humidity above a threshold and a door left open (per
-- sensor, like `above`), and the raw-milk rules judged per batch from its produced_at (like the
-- cumulative ones: `lot` set, no sensor). `threshold` is % RH for humidity_above and null for
-- door_open and age_above; `delay_min` carries within_min for not_cooled_within and the maximum
-- age in minutes for age_above.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
    CHECK (kind IN ('above', 'below', 'cumulative_above', 'cumulative_below', 'gap', 'battery',
                    'humidity_above', 'door_open', 'not_cooled_within', 'age_above'));
