-- Alerting's work queue by sensor: the evaluator claims every pending row of the sensors it
-- evaluates (with many sensors a batch touches nearly one sensor per reading, so a sensor has many
-- rows queued by the time it is evaluated; one evaluation covers them all).
CREATE INDEX reading_changes_sensor ON reading_changes (sensor_id, id);
