-- Excursion alerting: the work queue that ingest fills, the alerts themselves, the batches each
-- names, holds put on batches, and every transition of an alert.

-- Sensors whose readings changed and must be (re)evaluated, with the event-time range that changed.
-- Written by ingest in the transaction that stores the readings (so a crash between commit and
-- evaluation loses nothing), and by the registry when a sensor, shipment or placement changes what
-- readings mean. Consumed by the alert evaluator with SELECT ... FOR UPDATE SKIP LOCKED, in the
-- transaction that writes the alerts: several backend instances share the work, none twice.
CREATE TABLE reading_changes (
    id        bigserial   PRIMARY KEY,
    sensor_id integer     NOT NULL,          -- sensor_keys.id
    from_ts   timestamptz NOT NULL,
    to_ts     timestamptz NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now(),
    CHECK (to_ts >= from_ts)
);

-- One row per alert: an episode of one rule on one sensor (consecutive rules, gaps, battery), or
-- one batch's budget under one cumulative rule. `rule_key` identifies the rule by its content
-- (kind, threshold, delay or budget, severity), so two profiles with the same rule raise one alert.
CREATE TABLE alerts (
    id               bigserial        PRIMARY KEY,
    tenant           text             COLLATE "C" NOT NULL,
    rule_key         text             COLLATE "C" NOT NULL,
    kind             text             COLLATE "C" NOT NULL
                     CHECK (kind IN ('above', 'below', 'cumulative_above', 'cumulative_below', 'gap', 'battery')),
    severity         text             COLLATE "C" NOT NULL CHECK (severity IN ('warning', 'critical')),
    threshold        double precision,            -- °C, or V for battery; null for gaps
    delay_min        integer,                     -- consecutive rules, gaps (allowed silence), battery
    budget_min       integer,                     -- cumulative rules
    profiles         text[]           NOT NULL DEFAULT '{}',
    sensor_id        integer,                     -- sensor_keys.id; null for cumulative (batch) alerts
    sensor           text             COLLATE "C",
    asset            text             COLLATE "C",
    site             text             COLLATE "C",
    lot              text             COLLATE "C", -- cumulative alerts: the batch
    started_at       timestamptz      NOT NULL,   -- event time the episode began
    ended_at         timestamptz,                 -- event time it ended; null while it lasts
    last_out_at      timestamptz      NOT NULL,   -- last reading still beyond the threshold
    fired_at         timestamptz      NOT NULL,   -- event time the rule's delay (or budget) was reached
    peak             double precision,
    peak_at          timestamptz,
    exposure_s       bigint,                      -- cumulative alerts: time beyond, whole journey
    status           text             COLLATE "C" NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'acknowledged', 'resolved', 'merged', 'retracted')),
    merged_into      bigint           REFERENCES alerts (id),
    escalation_level integer          NOT NULL DEFAULT 0,
    escalated_at     timestamptz,
    opened_at        timestamptz      NOT NULL DEFAULT now(),  -- wall time the backend raised it
    acked_at         timestamptz,
    acked_by         text,
    ack_note         text,
    resolved_at      timestamptz,
    resolved_by      text,
    corrective_action text,
    version          integer          NOT NULL DEFAULT 1,
    updated_at       timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX alerts_sensor ON alerts (sensor_id, rule_key, started_at);
CREATE INDEX alerts_tenant_status ON alerts (tenant, status, opened_at);
CREATE INDEX alerts_tenant_site ON alerts (tenant, site, started_at);
-- A batch crosses a budget once: one cumulative alert per batch and rule, ever.
CREATE UNIQUE INDEX alerts_one_budget_per_batch ON alerts (tenant, lot, rule_key)
    WHERE lot IS NOT NULL AND status NOT IN ('merged', 'retracted');

-- The batches an alert names: present on the asset during the episode (or the batch of a
-- cumulative alert), with the shipment or placement that put them there.
CREATE TABLE alert_batches (
    alert_id     bigint      NOT NULL REFERENCES alerts (id),
    lot          text        COLLATE "C" NOT NULL,
    sku          text        COLLATE "C" NOT NULL,
    product      text        NOT NULL,
    shipment     text        COLLATE "C",
    exposure_s   bigint,                          -- the batch's time beyond this alert's threshold, whole journey
    disposition  text        COLLATE "C" CHECK (disposition IN ('release', 'hold', 'discard')),
    PRIMARY KEY (alert_id, lot)
);
CREATE INDEX alert_batches_lot ON alert_batches (lot, alert_id);

-- Holds on batches: a batch with an open critical excursion is on hold until QA decides.
CREATE TABLE batch_holds (
    tenant      text        COLLATE "C" NOT NULL,
    lot         text        COLLATE "C" NOT NULL,
    alert_id    bigint      NOT NULL REFERENCES alerts (id),
    held_at     timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz,
    decided_by  text,
    disposition text        COLLATE "C" CHECK (disposition IN ('release', 'hold', 'discard')),
    PRIMARY KEY (tenant, lot, alert_id)
);

-- Every transition of every alert, append-only like audit_log: opened, updated, ended, merged,
-- retracted, escalated (by the system), acknowledged, resolved (by people).
CREATE TABLE alert_history (
    id        bigserial   PRIMARY KEY,
    alert_id  bigint      NOT NULL REFERENCES alerts (id),
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    event     text        COLLATE "C" NOT NULL,
    detail    jsonb
);
CREATE INDEX alert_history_alert ON alert_history (alert_id, id);
CREATE TRIGGER alert_history_no_update_or_delete BEFORE UPDATE OR DELETE ON alert_history
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER alert_history_no_truncate BEFORE TRUNCATE ON alert_history
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The shared append-only trigger function now names the table it guards.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
