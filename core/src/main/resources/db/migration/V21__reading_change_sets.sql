-- Ingest's queue for alerting, one row per stored batch instead of one per sensor and batch.
-- With thousands of registered sensors a batch of 5,000 readings touches nearly as many sensors, so
-- reading_changes got almost a row per reading: its COPY, claim and delete cost the database more
-- than the readings themselves (issue 12, 10,000 registered sensors). Here a batch is one row of
-- three aligned arrays: sensor i changed over [from_us[i], to_us[i]], both ends inclusive, in
-- microseconds since 1970-01-01 UTC (plain numbers: nothing to parse on either side).
-- Written in the readings' transaction like reading_changes (a crash loses nothing); claimed whole
-- with FOR UPDATE SKIP LOCKED and deleted once every sensor in it has been evaluated.
-- reading_changes stays for the registry's per-sensor changes; the gap sweep and the evaluator's
-- retries write sets too.
CREATE TABLE reading_change_sets (
    id         bigserial   PRIMARY KEY,
    sensor_ids integer[]   NOT NULL,
    from_us    bigint[]    NOT NULL,
    to_us      bigint[]    NOT NULL,
    sensors    integer     NOT NULL, -- cardinality(sensor_ids): the backlog gauge reads no array
    queued_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (cardinality(sensor_ids) = sensors AND cardinality(from_us) = sensors AND cardinality(to_us) = sensors)
);
-- Out of line but uncompressed: compressing tens of kilobytes of ids and times on every batch costs
-- CPU on the write path and saves little (the row lives seconds).
ALTER TABLE reading_change_sets ALTER COLUMN sensor_ids SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN from_us SET STORAGE EXTERNAL;
ALTER TABLE reading_change_sets ALTER COLUMN to_us SET STORAGE EXTERNAL;
