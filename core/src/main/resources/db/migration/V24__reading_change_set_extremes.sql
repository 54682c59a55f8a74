-- Each queued batch also says, per sensor, the lowest and highest temperature among its readings
-- (aligned with sensor_ids). The evaluator claims the queue in large bites: with 10,000 busy sensors
-- a round over one bite took seconds, and a reading beyond a threshold waited for it (issue 12,
-- reading to alert). With these extremes it picks out, between the chunks of a round, the sensors
-- whose new readings may start an excursion and evaluates them ahead of their turn. Only an order:
-- every sensor is still evaluated when its batch is claimed, so a wrong guess costs time, not alerts.
-- NULL where the writer had no temperatures (the gap sweep, the evaluator's retries, rows queued
-- before this migration); real, rounded outwards by the writer (a guess may only err towards "hot").
ALTER TABLE reading_change_sets ADD COLUMN min_c real[], ADD COLUMN max_c real[];
ALTER TABLE reading_change_sets ALTER COLUMN min_c SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN max_c SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ADD CONSTRAINT reading_change_sets_extremes_aligned
    CHECK ((min_c IS NULL OR cardinality(min_c) = sensors) AND (max_c IS NULL OR cardinality(max_c) = sensors));
