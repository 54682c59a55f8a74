-- A queued batch's per-sensor values as one bytea of fixed-size records instead of ten aligned arrays
-- (layout in io.coldchain.core.changes.ChangeSetEntries). The database parsed and checked every array
-- element when a batch was queued (3.8 ms a batch of 2,500 sensors) and unnested and aggregated them
-- all to merge a claim (80 ms a claim): with 10,000 registered sensors that was the largest share of
-- its time after the readings themselves (issue 12). Now it stores and returns bytes, and the
-- evaluator merges them.
--
-- Rows queued before this migration are moved to reading_changes as plain ranges, first: nothing
-- queued is lost, and without extremes or summaries they are read back when evaluated, as the
-- registry's changes are.
INSERT INTO reading_changes (sensor_id, from_ts, to_ts)
SELECT u.sensor_id,
       timestamptz 'epoch' + u.from_us * interval '1 microsecond',
       timestamptz 'epoch' + u.to_us * interval '1 microsecond'
FROM reading_change_sets s
CROSS JOIN LATERAL unnest(s.sensor_ids, s.from_us, s.to_us) AS u(sensor_id, from_us, to_us);

DELETE FROM reading_change_sets;

ALTER TABLE reading_change_sets
    DROP CONSTRAINT reading_change_sets_summaries_aligned,
    DROP CONSTRAINT reading_change_sets_extremes_aligned,
    DROP CONSTRAINT reading_change_sets_check,
    DROP COLUMN sensor_ids,
    DROP COLUMN from_us,
    DROP COLUMN to_us,
    DROP COLUMN min_c,
    DROP COLUMN max_c,
    DROP COLUMN gap_ms,
    DROP COLUMN max_rh,
    DROP COLUMN min_battery_v,
    DROP COLUMN door_open,
    ADD COLUMN entries bytea NOT NULL,
    -- 41 bytes a sensor (ChangeSetEntries.BYTES): a short or torn row is refused, not misread.
    ADD CONSTRAINT reading_change_sets_entries_whole CHECK (octet_length(entries) = 41 * sensors);

-- Out of line and uncompressed, as the arrays were: the row lives seconds and its values hardly compress.
ALTER TABLE reading_change_sets ALTER COLUMN entries SET STORAGE EXTERNAL;

COMMENT ON COLUMN reading_change_sets.received_from IS
    'The batch''s oldest reception time, to the stored second; NULL unless every reading of the batch was '
    'stored as sent, and then the records'' silences, humidity, battery and door are not to be used';
