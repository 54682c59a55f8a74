-- Where alerting last found a sensor quiet, so that readings appended after it that cannot change any
-- alert are passed without a full evaluation (the evaluator re-read about 12 h of samples and ran
-- about ten queries per sensor, whatever came in: with 10,000 busy sensors a pass took 30-50 s).
-- A row says: every stored reading of the sensor up to quiet_through was evaluated; at that reading
-- no episode of any rule was in progress, every data gap in the window was closed and settled,
-- no alert of the sensor was open, and no raw-milk rule applied. attribution is the SHA-256 of what
-- the evaluation depended on besides the readings (asset, batches present, their profiles and rules,
-- the sensor's allowed silence, the alert.* settings): if any of it has changed since, the mark no
-- longer holds.
-- Written and read only under the sensor's evaluation lock; any evaluation that does not end quiet
-- deletes the row. Losing a row costs one full evaluation, never an alert.
CREATE TABLE sensor_quiet_marks (
    sensor_id         integer     PRIMARY KEY,  -- sensor_keys.id
    quiet_through     timestamptz NOT NULL,
    attribution       bytea       NOT NULL
);
