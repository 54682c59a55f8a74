-- Records for regulators and QA (records module): tamper evidence of the readings, calibration
-- records of the sensors, and the log of what retention deleted.

-- Tamper evidence. Per sensor and UTC day, a SHA-256 digest of that day's readings in a canonical
-- encoding, chained to the previous day's digest of the same sensor:
--   digest = SHA-256(prev_digest || tenant "\n" sensor "\n" day "\n" row_count "\n" || rows_hash)
-- (records/README.md gives the exact encoding, so that anyone can recompute it from an export).
-- A seal covers the rows received before `covers_received_before`: a reading that arrives later (a
-- gateway's backlog) does not alter what was sealed; it makes the day re-sealed as a NEW version with
-- reason 'late_data'. Every version stays verifiable on its own, so late data is told apart from an
-- altered or deleted row, which breaks the version(s) that covered it.
CREATE TABLE reading_digests (
    id                     bigserial   PRIMARY KEY,
    sensor_id              integer     NOT NULL,   -- sensor_keys.id
    day                    date        NOT NULL,   -- UTC day
    version                integer     NOT NULL CHECK (version >= 1),
    row_count              integer     NOT NULL CHECK (row_count >= 0),
    rows_hash              bytea       NOT NULL CHECK (length(rows_hash) = 32),
    prev_digest            bytea       NOT NULL CHECK (length(prev_digest) = 32), -- 32 zero bytes for a sensor's first day
    digest                 bytea       NOT NULL CHECK (length(digest) = 32),
    covers_received_before timestamptz NOT NULL,
    late_rows              integer     NOT NULL DEFAULT 0 CHECK (late_rows >= 0), -- rows new since the previous version
    reason                 text        COLLATE "C" NOT NULL CHECK (reason IN ('closed_day', 'late_data')),
    sealed_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sensor_id, day, version)
);
CREATE INDEX reading_digests_day ON reading_digests (day, sensor_id);

-- Readings deleted by the retention job, per sensor and day: the integrity check reports such a day
-- as purged under the retention rules, not as tampered.
CREATE TABLE reading_purges (
    id           bigserial   PRIMARY KEY,
    sensor_id    integer     NOT NULL,
    day          date        NOT NULL,
    rows_deleted integer     NOT NULL CHECK (rows_deleted > 0),
    cutoff       timestamptz NOT NULL,  -- readings before this (and needed by no batch) were deleted
    purged_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reading_purges_sensor_day ON reading_purges (sensor_id, day);

-- Calibration (verification, 校验) records of the sensors, GB 31605-2020 §3.1. The sensor's
-- calibration_due follows the latest record (by calibrated_at, then id), written in the same
-- transaction by the records module.
CREATE TABLE sensor_calibrations (
    id            bigserial   PRIMARY KEY,
    tenant        text        COLLATE "C" NOT NULL,
    sensor        text        COLLATE "C" NOT NULL,
    calibrated_at date        NOT NULL,
    due           date        NOT NULL,
    certificate   text        NOT NULL CHECK (length(certificate) BETWEEN 1 AND 200),
    performed_by  text        NOT NULL CHECK (length(performed_by) BETWEEN 1 AND 200),
    recorded_by   text        NOT NULL,   -- the token's subject
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant, sensor) REFERENCES sensors (tenant, sensor),
    CHECK (due > calibrated_at)
);
CREATE INDEX sensor_calibrations_sensor ON sensor_calibrations (tenant, sensor, calibrated_at);

-- All three are records: append-only for the application, as audit_log is (21 CFR 11.10(e)).
CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER reading_digests_append_only BEFORE UPDATE OR DELETE ON reading_digests
    FOR EACH ROW EXECUTE FUNCTION records_append_only();
CREATE TRIGGER reading_digests_no_truncate BEFORE TRUNCATE ON reading_digests
    FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();
CREATE TRIGGER reading_purges_append_only BEFORE UPDATE OR DELETE ON reading_purges
    FOR EACH ROW EXECUTE FUNCTION records_append_only();
CREATE TRIGGER reading_purges_no_truncate BEFORE TRUNCATE ON reading_purges
    FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();
CREATE TRIGGER sensor_calibrations_append_only BEFORE UPDATE OR DELETE ON sensor_calibrations
    FOR EACH ROW EXECUTE FUNCTION records_append_only();
CREATE TRIGGER sensor_calibrations_no_truncate BEFORE TRUNCATE ON sensor_calibrations
    FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();
