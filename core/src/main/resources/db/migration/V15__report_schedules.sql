-- Periodic compliance (self-inspection) reports (contract §10): a schedule per site sends each
-- day's, ISO week's or calendar month's report (local to the site's time zone) to notification
-- targets, exactly once per period. Written by io.coldchain.records.report.ReportScheduleStore only.
--
-- delivered_through is the last local day of the last period whose report was queued: the job locks
-- the schedule's row (FOR UPDATE SKIP LOCKED), renders the next due period, inserts its deliveries
-- and advances delivered_through in one transaction, so a period is queued once whatever restarts or
-- how many instances run (the UNIQUE key below is the second line of defence).
CREATE TABLE report_schedules (
    tenant            text        COLLATE "C" NOT NULL,
    schedule          text        COLLATE "C" NOT NULL,
    site              text        COLLATE "C" NOT NULL,
    period            text        NOT NULL CHECK (period IN ('day', 'week', 'month')),
    targets           text[]      NOT NULL CHECK (cardinality(targets) BETWEEN 1 AND 20),
    format            text        NOT NULL CHECK (format IN ('pdf', 'csv', 'json')),
    lang              text        NOT NULL CHECK (lang IN ('en', 'zh')),
    delivered_through date        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, schedule),
    FOREIGN KEY (tenant, site) REFERENCES sites (tenant, site)
);

-- One row per period's report and target: the rendered document, waiting for (or done with) its
-- sending. Kept as the record of what was sent. Written by ReportDeliveryStore only; sent by the
-- report dispatcher (records' ReportDispatchJob through alerting's ReportNotifier), at least once,
-- each with its idempotency key.
CREATE TABLE report_deliveries (
    id              bigserial   PRIMARY KEY,
    tenant          text        COLLATE "C" NOT NULL,
    schedule        text        COLLATE "C" NOT NULL,
    site            text        COLLATE "C" NOT NULL,
    period          text        NOT NULL,
    first_day       date        NOT NULL,
    last_day        date        NOT NULL,
    target          text        COLLATE "C" NOT NULL,
    format          text        NOT NULL,
    content_type    text        NOT NULL,
    body            bytea       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- A claim sets this a lease ahead (a dispatcher that dies leaves the row to be claimed again);
    -- a failed attempt sets it to the retry time.
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (tenant, schedule, first_day, target)
);
CREATE INDEX report_deliveries_due ON report_deliveries (next_attempt_at) WHERE status = 'pending';
