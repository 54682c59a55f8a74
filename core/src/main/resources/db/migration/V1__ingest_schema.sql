-- Ingest schema: raw readings (append-only) and everything that did not become one.
-- Works on plain PostgreSQL >= 15; TimescaleSetup (Java, run after migrations) turns
-- `readings` into a hypertable with compression and retention when the extension exists.

-- Every sensor id ever seen, per tenant, gets a compact integer key. Readings are keyed by it:
-- a 12-byte (int, timestamptz) primary key instead of two text columns makes inserts about twice
-- as fast and the table and its index much smaller over the years records must be kept.
-- Identifiers are ASCII by contract, so the "C" collation is exact and the fastest to compare.
CREATE TABLE sensor_keys (
    id         integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text        COLLATE "C" NOT NULL,
    sensor     text        COLLATE "C" NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, sensor)
);

-- Raw readings. Append-only: a correction is a new record, never an UPDATE.
-- Keyed by sensor and event time: the same key twice is stored once (first wins).
CREATE TABLE readings (
    sensor_id   integer          NOT NULL,  -- sensor_keys.id (no FK: a per-row check would halve ingest speed)
    ts          timestamptz      NOT NULL,  -- event time: when the probe measured
    gateway     text             COLLATE "C" NOT NULL,  -- the gateway that delivered it
    received_at timestamptz      NOT NULL,  -- when the backend took the message from the broker
    temp_c      double precision NOT NULL,
    rh          double precision,
    battery_v   double precision,
    door_open   boolean,
    seq         bigint,                      -- the gateway's message sequence number, if sent
    PRIMARY KEY (sensor_id, ts)
);

-- Readings with their tenant and sensor names: for people and reports, not for the hot path.
CREATE VIEW reading_log AS
    SELECT k.tenant, k.sensor, r.ts, r.gateway, r.received_at, r.temp_c, r.rh, r.battery_v, r.door_open, r.seq
    FROM readings r JOIN sensor_keys k ON k.id = r.sensor_id;

-- Registry of sensors and the gateway each is bound to. The registry issue adds the asset,
-- expected interval and calibration; ingest needs only the binding.
CREATE TABLE sensors (
    tenant     text        COLLATE "C" NOT NULL,
    sensor     text        COLLATE "C" NOT NULL,
    gateway    text        COLLATE "C" NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, sensor)
);

-- Sensors that sent readings but are not registered: stored, and listed here for QA to place.
-- One row per (sensor, gateway) so that two gateways claiming one id are visible.
-- last_seen is refreshed at most once a minute per row (ingest keeps the rest in memory).
CREATE TABLE unassigned_sensors (
    tenant     text        COLLATE "C" NOT NULL,
    sensor     text        COLLATE "C" NOT NULL,
    gateway    text        COLLATE "C" NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (tenant, sensor, gateway)
);

-- Messages refused whole (bad topic, too large, not JSON, wrong shape, gateway mismatch).
-- `digest` (SHA-256 of topic and payload) makes a redelivered message recorded once.
CREATE TABLE rejected_messages (
    id           bigserial   PRIMARY KEY,
    digest       bytea       NOT NULL UNIQUE,
    tenant       text,                       -- null when the topic could not be read
    gateway      text,
    topic        text        NOT NULL,
    received_at  timestamptz NOT NULL,
    reason       text        NOT NULL,
    field        text,
    detail       text        NOT NULL,
    payload      bytea       NOT NULL,       -- the first 64 KiB
    payload_size integer     NOT NULL        -- the whole size, to show what was cut
);
CREATE INDEX rejected_messages_tenant_time ON rejected_messages (tenant, received_at);

-- Single readings refused from an otherwise accepted message. reading_index is the reading's
-- position in the message (JSON) or the record's (SenML; for a binding refusal, the position among
-- the decoded readings).
CREATE TABLE rejected_readings (
    id             bigserial   PRIMARY KEY,
    message_digest bytea       NOT NULL,
    reading_index  integer     NOT NULL,
    tenant         text        NOT NULL,
    gateway        text        NOT NULL,
    topic          text        NOT NULL,
    received_at    timestamptz NOT NULL,
    sensor         text,
    reason         text        NOT NULL,
    field          text,
    detail         text        NOT NULL,
    raw            text        NOT NULL,
    UNIQUE (message_digest, reading_index, reason)
);
CREATE INDEX rejected_readings_tenant_time ON rejected_readings (tenant, received_at);

-- A second, different value for a key already stored. The stored value is never overwritten;
-- the conflicting one is kept here for audit, once per distinct value.
CREATE TABLE reading_conflicts (
    id          bigserial        PRIMARY KEY,
    tenant      text             NOT NULL,
    sensor      text             NOT NULL,
    ts          timestamptz      NOT NULL,
    gateway     text             NOT NULL,
    received_at timestamptz      NOT NULL,
    temp_c      double precision NOT NULL,
    rh          double precision,
    battery_v   double precision,
    door_open   boolean,
    seq         bigint,
    UNIQUE NULLS NOT DISTINCT (tenant, sensor, ts, temp_c, rh, battery_v, door_open)
);
CREATE INDEX reading_conflicts_tenant_time ON reading_conflicts (tenant, received_at);

-- Last status each gateway published (retained, and its Last Will).
CREATE TABLE gateway_status (
    tenant     text        NOT NULL,
    gateway    text        NOT NULL,
    online     boolean     NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, gateway)
);
