-- Registry, third slice: where batches are over time. A shipment puts batches on a vehicle from
-- departure to arrival; a placement puts one batch in a cold room, display case or freezer. Written
-- by the HTTP API (admin POSTs, audited in audit_log like the other slices).
--
-- Intervals are half-open [from, to); an open end (arrived_at / to_ts null) runs until further
-- notice. A batch may not be in two places at once. btree_gist (for an exclusion constraint across
-- both tables) is not available on every server, so the API enforces that rule inside the writing
-- transaction, after locking the batches' rows (SELECT ... FOR UPDATE), which serializes concurrent
-- writers of the same lot.

CREATE TABLE shipments (
    tenant      text        COLLATE "C" NOT NULL,
    shipment    text        COLLATE "C" NOT NULL,
    asset       text        COLLATE "C" NOT NULL,   -- a truck, trailer or tanker (checked by the API)
    origin      text        COLLATE "C" NOT NULL,
    destination text        COLLATE "C" NOT NULL,
    departed_at timestamptz NOT NULL,
    arrived_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, shipment),
    FOREIGN KEY (tenant, asset) REFERENCES assets (tenant, asset),
    FOREIGN KEY (tenant, origin) REFERENCES sites (tenant, site),
    FOREIGN KEY (tenant, destination) REFERENCES sites (tenant, site),
    CHECK (arrived_at IS NULL OR arrived_at > departed_at)
);
CREATE INDEX shipments_asset ON shipments (tenant, asset, departed_at);

-- The batches of a shipment, in the order given.
CREATE TABLE shipment_batches (
    tenant   text    COLLATE "C" NOT NULL,
    shipment text    COLLATE "C" NOT NULL,
    lot      text    COLLATE "C" NOT NULL,
    ord      integer NOT NULL CHECK (ord BETWEEN 0 AND 499),
    PRIMARY KEY (tenant, shipment, lot),
    UNIQUE (tenant, shipment, ord),
    FOREIGN KEY (tenant, shipment) REFERENCES shipments (tenant, shipment),
    FOREIGN KEY (tenant, lot) REFERENCES batches (tenant, lot)
);
CREATE INDEX shipment_batches_lot ON shipment_batches (tenant, lot);

-- A batch in a cold room, display case or freezer (checked by the API) from from_ts, until to_ts.
CREATE TABLE placements (
    id         bigserial   PRIMARY KEY,
    tenant     text        COLLATE "C" NOT NULL,
    lot        text        COLLATE "C" NOT NULL,
    asset      text        COLLATE "C" NOT NULL,
    from_ts    timestamptz NOT NULL,
    to_ts      timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant, lot) REFERENCES batches (tenant, lot),
    FOREIGN KEY (tenant, asset) REFERENCES assets (tenant, asset),
    CHECK (to_ts IS NULL OR to_ts > from_ts)
);
CREATE INDEX placements_lot ON placements (tenant, lot, from_ts);
CREATE INDEX placements_asset ON placements (tenant, asset, from_ts);
