-- Registry, first slice: sites, assets, the sensors' placement, and the audit trail of every change.
-- Written by the HTTP API (admin PUTs, idempotent create-or-replace); ingest keeps reading only the
-- gateway binding of `sensors`.

-- Places that hold goods: a store, a warehouse, ... `region` is the administrative region code a
-- regulator's reading is limited to.
CREATE TABLE sites (
    tenant     text        COLLATE "C" NOT NULL,
    site       text        COLLATE "C" NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind       text        COLLATE "C" NOT NULL CHECK (kind IN ('store', 'warehouse', 'plant', 'farm', 'depot')),
    region     text        COLLATE "C" NOT NULL CHECK (region ~ '^[0-9]{2,12}$'),
    address    text        NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, site)
);

-- Things that keep goods cold: vehicles (no site) and rooms and cases (on a site). `profile` names a
-- temperature profile; profiles are a later slice, so it is not yet a foreign key.
CREATE TABLE assets (
    tenant     text        COLLATE "C" NOT NULL,
    asset      text        COLLATE "C" NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind       text        COLLATE "C" NOT NULL
                           CHECK (kind IN ('truck', 'trailer', 'tanker', 'cold_room', 'display_case', 'freezer')),
    site       text        COLLATE "C",
    profile    text        COLLATE "C",
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, asset),
    FOREIGN KEY (tenant, site) REFERENCES sites (tenant, site)
);
CREATE INDEX assets_site ON assets (tenant, site);

-- Sensors gain their asset, the interval they are expected to report at, and calibration. All
-- nullable: rows written before the registry (and ingest's tests) keep working.
ALTER TABLE sensors
    ADD COLUMN asset               text        COLLATE "C",
    ADD COLUMN expected_interval_s integer     CHECK (expected_interval_s BETWEEN 1 AND 86400),
    ADD COLUMN calibration_due     date,
    ADD COLUMN updated_at          timestamptz NOT NULL DEFAULT now(),
    ADD FOREIGN KEY (tenant, asset) REFERENCES assets (tenant, asset);
CREATE INDEX sensors_asset ON sensors (tenant, asset);

-- Who changed what in the registry, with the values before and after.
CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    tenant    text        COLLATE "C" NOT NULL,
    actor     text        NOT NULL,               -- the token's subject
    role      text        COLLATE "C" NOT NULL,
    action    text        COLLATE "C" NOT NULL,   -- e.g. put_site
    entity    text        COLLATE "C" NOT NULL,   -- site, asset, sensor
    entity_id text        COLLATE "C" NOT NULL,
    before    jsonb,                               -- null when the entity was created
    after     jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant, id);

-- Append-only for the application. 21 CFR 11.10(e): record changes must not obscure previously
-- recorded information, so an audit row, once written, is never updated or deleted. The triggers
-- make that a property of the database rather than a promise of the code: UPDATE, DELETE and
-- TRUNCATE raise. (A superuser can still drop the triggers; that is outside the application.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
