-- The temperature log's summary of one sealed sensor-day (records module, SealedDaySummaries), kept
-- across restarts so that the first log request after a start does not re-read every reading.
-- A sealed day's readings change only by late data, which makes a new seal version: a summary is
-- keyed by the version it was computed from, and one of an older version is simply not asked for
-- again. `params` names the log's parameters the summary depends on (interval, limits, bucket...).
-- `summary` is records' own binary encoding (SummaryCodec), NULL for a day without readings; a row
-- whose encoding version is unknown is ignored and recomputed.
CREATE TABLE day_summaries (
    sensor_id  integer     NOT NULL,   -- sensor_keys.id
    day        date        NOT NULL,   -- UTC day
    version    integer     NOT NULL,   -- reading_digests.version it was computed from
    params     text        COLLATE "C" NOT NULL,
    summary    bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sensor_id, day, version, params)
);
