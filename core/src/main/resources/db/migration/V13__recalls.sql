-- Recalls (contract §9): a tenant's QA recalls lots; every lot is put on hold, and each site where
-- the lots' units are is followed up (notified -> removed -> confirmed) until the recall is closed.
--
-- Written by io.coldchain.registry.recall.RecallStore (recalls, recall_lots, recall_locations,
-- recall_sites); the holds go into batch_holds, the same table the alert holds use, written by
-- io.coldchain.alerting.store.RecallHoldStore, so a batch's one hold status covers both causes.

CREATE TABLE recalls (
    tenant     text        COLLATE "C" NOT NULL,
    recall     text        COLLATE "C" NOT NULL,
    reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    closed_at  timestamptz,
    closed_by  text,
    close_note text        CHECK (length(close_note) <= 2000),
    PRIMARY KEY (tenant, recall),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX recalls_tenant_created ON recalls (tenant, created_at);

CREATE TABLE recall_lots (
    tenant text    COLLATE "C" NOT NULL,
    recall text    COLLATE "C" NOT NULL,
    lot    text    COLLATE "C" NOT NULL,
    ord    integer NOT NULL CHECK (ord BETWEEN 0 AND 499),
    PRIMARY KEY (tenant, recall, lot),
    FOREIGN KEY (tenant, recall) REFERENCES recalls (tenant, recall),
    FOREIGN KEY (tenant, lot) REFERENCES batches (tenant, lot)
);

-- Where a lot's units were when the recall was made: a site, and the assets there (cold rooms,
-- display cases) or the vehicle still carrying them to it (in_transit). Kept as made: a held lot
-- must not move, so the list is the recall's working list, not a live view.
CREATE TABLE recall_locations (
    tenant     text    COLLATE "C" NOT NULL,
    recall     text    COLLATE "C" NOT NULL,
    lot        text    COLLATE "C" NOT NULL,
    site       text    COLLATE "C" NOT NULL,
    assets     text[]  NOT NULL,
    in_transit boolean NOT NULL,
    PRIMARY KEY (tenant, recall, lot, site),
    FOREIGN KEY (tenant, recall, lot) REFERENCES recall_lots (tenant, recall, lot),
    FOREIGN KEY (tenant, site) REFERENCES sites (tenant, site)
);

-- The follow-up of one site of a recall (all its lots there at once).
CREATE TABLE recall_sites (
    tenant     text        COLLATE "C" NOT NULL,
    recall     text        COLLATE "C" NOT NULL,
    site       text        COLLATE "C" NOT NULL,
    status     text        COLLATE "C" NOT NULL CHECK (status IN ('notified', 'removed', 'confirmed')),
    note       text        CHECK (length(note) <= 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL,
    PRIMARY KEY (tenant, recall, site),
    FOREIGN KEY (tenant, recall) REFERENCES recalls (tenant, recall),
    FOREIGN KEY (tenant, site) REFERENCES sites (tenant, site)
);

-- A hold has one cause: an alert (as before) or a recall.
ALTER TABLE batch_holds DROP CONSTRAINT batch_holds_pkey;
ALTER TABLE batch_holds ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE batch_holds ADD COLUMN recall text COLLATE "C";
ALTER TABLE batch_holds ADD CONSTRAINT batch_holds_one_cause CHECK ((alert_id IS NULL) <> (recall IS NULL));
CREATE UNIQUE INDEX batch_holds_by_alert ON batch_holds (tenant, lot, alert_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX batch_holds_by_recall ON batch_holds (tenant, lot, recall) WHERE recall IS NOT NULL;
