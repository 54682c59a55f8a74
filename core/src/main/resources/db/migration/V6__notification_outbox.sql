-- Alert notifications through a transactional outbox.
--
-- The alert store appends one alert_outbox row per alert event (opened, updated, escalated,
-- acknowledged, resolved, retracted) in the same transaction that changes the alert, together with
-- one notification_deliveries row per channel target that should receive it: so an event is
-- notified if and only if the alert change committed, and a crash at any point loses nothing (the
-- dispatcher picks pending deliveries up again). Deliveries are at least once; every event carries
-- a unique idempotency key for receivers to drop duplicates.
--
-- Written by io.coldchain.alerting.notify.OutboxStore (alert_outbox, notification_deliveries) and
-- NotificationTargetStore (notification_targets); nothing else writes these tables.

CREATE TABLE alert_outbox (
    id               bigserial   PRIMARY KEY,
    tenant           text        COLLATE "C" NOT NULL,
    alert_id         bigint      NOT NULL,
    event            text        NOT NULL CHECK (event IN ('opened', 'updated', 'escalated', 'acknowledged', 'resolved', 'retracted')),
    severity         text        NOT NULL CHECK (severity IN ('warning', 'critical')),
    escalation_level integer     NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
    idempotency_key  text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    payload          jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- The server-sent event stream tails a tenant's events by id.
CREATE INDEX alert_outbox_tenant ON alert_outbox (tenant, id);

-- Where a tenant wants its alert events sent besides the MQTT alert topic (which every event goes to).
-- escalation_level 0 receives every event; level k >= 1 only events whose escalation level is >= k
-- (the next recipients when an alert is not acknowledged in time).
CREATE TABLE notification_targets (
    tenant           text        COLLATE "C" NOT NULL,
    target           text        COLLATE "C" NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('webhook', 'email')),
    url              text        CHECK (length(url) <= 2000),
    address          text        CHECK (length(address) <= 254),
    -- HMAC key of a webhook; kept in clear because every delivery signs with it. Never returned by the API.
    secret           text,
    min_severity     text        NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('warning', 'critical')),
    escalation_level integer     NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 100),
    enabled          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, target),
    CHECK ((channel = 'webhook' AND url IS NOT NULL AND address IS NULL AND secret IS NOT NULL)
        OR (channel = 'email' AND address IS NOT NULL AND url IS NULL AND secret IS NULL))
);

-- One row per event and receiver. channel 'mqtt' has the alert topic as its target. A claim sets
-- next_attempt_at a lease ahead and counts the attempt, so a dispatcher that dies after claiming
-- leaves the row to be claimed again once the lease runs out (FOR UPDATE SKIP LOCKED lets several
-- instances claim side by side without waiting for each other).
CREATE TABLE notification_deliveries (
    outbox_id       bigint      NOT NULL REFERENCES alert_outbox (id),
    channel         text        NOT NULL CHECK (channel IN ('mqtt', 'webhook', 'email')),
    target          text        COLLATE "C" NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    PRIMARY KEY (outbox_id, channel, target),
    CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_parked ON notification_deliveries (outbox_id) WHERE status = 'parked';
CREATE INDEX notification_deliveries_status ON notification_deliveries (status, outbox_id);
