-- Alerting's work queue by sensor: ingest extends a sensor's pending range instead of adding a row
-- per batch (with many sensors a batch touched nearly one sensor per reading, so the queue grew by
-- one row per reading), and the evaluator claims every pending row of the sensors it evaluates.
CREATE INDEX reading_changes_sensor ON reading_changes (sensor_id, id);
