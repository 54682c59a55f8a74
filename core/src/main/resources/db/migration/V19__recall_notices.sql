-- Recall notices (contract §9, issue 13): a recall's creation and its closing are sent to each of the
-- tenant's enabled notification targets through the same delivery queue as scheduled reports, so
-- that one dispatcher (records' ReportDispatchJob) sends both at least once, with the same lease,
-- idempotency key, notify.retry backoff and parking. Written by records' ReportDeliveryStore only.
--
-- kind 'report' rows keep their V15 columns; a recall notice names its recall instead and carries the
-- JSON notice as its body. The rows are inserted in the transaction that makes (or closes) the recall.
ALTER TABLE report_deliveries
    ADD COLUMN kind   text NOT NULL DEFAULT 'report'
        CHECK (kind IN ('report', 'recall_created', 'recall_closed')),
    ADD COLUMN recall text COLLATE "C",
    ALTER COLUMN schedule  DROP NOT NULL,
    ALTER COLUMN site      DROP NOT NULL,
    ALTER COLUMN period    DROP NOT NULL,
    ALTER COLUMN first_day DROP NOT NULL,
    ALTER COLUMN last_day  DROP NOT NULL,
    ALTER COLUMN format    DROP NOT NULL;

ALTER TABLE report_deliveries ADD CONSTRAINT report_deliveries_kind_columns CHECK (
    CASE WHEN kind = 'report'
         THEN schedule IS NOT NULL AND site IS NOT NULL AND period IS NOT NULL AND first_day IS NOT NULL
              AND last_day IS NOT NULL AND format IS NOT NULL AND recall IS NULL
         ELSE recall IS NOT NULL
    END);

-- One notice per recall, event and target (the reports' UNIQUE key does not apply: schedule is NULL).
CREATE UNIQUE INDEX report_deliveries_recall_notice ON report_deliveries (tenant, recall, kind, target)
    WHERE recall IS NOT NULL;
