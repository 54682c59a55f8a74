-- What else a queued batch's readings hold, per sensor (aligned with sensor_ids), so that alerting can
-- pass a quiet sensor's new readings without reading them back. With 10,000 busy registered sensors
-- the quiet pass re-read every reading it passed: 14-20 s of the database's time in a 5-minute
-- benchmark, plus decoding (issue 12). With these a pass is decided from the queue alone:
--   gap_ms         longest time between two consecutive readings of the sensor in the batch (0: one),
--                  in milliseconds rounded up;
--   max_rh         highest relative humidity ('-Infinity': none carried one), rounded up;
--   min_battery_v  lowest battery voltage ('Infinity': none carried one), rounded down;
--   door_open      whether any reported the door open;
--   received_from  the batch's oldest reception time, to the stored second.
-- received_from and gap_ms are NULL unless every reading of the batch was stored as sent (no duplicate,
-- no conflict): only then are the stored readings the ones summarised. A change with any entry without
-- them is read back. max_rh, min_battery_v and door_open are also NULL when no reading of the batch
-- carried the value (temperature-only probes: most batches), which keeps the row small: a row of
-- 5,000 sensors is TOASTed in about a hundred chunks, and its bytes are most of what queueing costs.
ALTER TABLE reading_change_sets
    ADD COLUMN gap_ms integer[],
    ADD COLUMN max_rh real[],
    ADD COLUMN min_battery_v real[],
    ADD COLUMN door_open boolean[],
    ADD COLUMN received_from timestamptz;
-- Queue rows live for seconds and their values hardly compress: not worth compressing (as V21, V24).
ALTER TABLE reading_change_sets ALTER COLUMN gap_ms SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN max_rh SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN min_battery_v SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN door_open SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ADD CONSTRAINT reading_change_sets_summaries_aligned
    CHECK ((gap_ms IS NULL) = (received_from IS NULL)
       AND (gap_ms IS NULL OR cardinality(gap_ms) = sensors)
       AND (max_rh IS NULL OR cardinality(max_rh) = sensors)
       AND (min_battery_v IS NULL OR cardinality(min_battery_v) = sensors)
       AND (door_open IS NULL OR cardinality(door_open) = sensors));
