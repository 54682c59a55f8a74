-- Registry, second slice: temperature profiles, products and batches. Written by the HTTP API (admin
-- PUTs, idempotent create-or-replace, audited in audit_log like the first slice).

-- A tenant's own temperature profiles. Every tenant also has the built-in defaults
-- (io.coldchain.core.profile.DefaultProfiles), which are not copied here: a row with a default's id
-- overrides that default for this tenant only. `rules` is the contract's JSON array of rules,
-- validated by core's Profile/Rule before it is written.
CREATE TABLE profiles (
    tenant     text             COLLATE "C" NOT NULL,
    profile    text             COLLATE "C" NOT NULL,
    name       text             NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    min_c      double precision CHECK (min_c BETWEEN -80 AND 80),
    max_c      double precision CHECK (max_c BETWEEN -80 AND 80),
    rules      jsonb            NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
    created_at timestamptz      NOT NULL DEFAULT now(),
    updated_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, profile),
    CHECK (min_c IS NULL OR max_c IS NULL OR min_c < max_c)
);

-- Products by SKU. `profile` names a profile of the tenant: its own (profiles) or a default, so it
-- cannot be a foreign key; the API checks it.
CREATE TABLE products (
    tenant     text        COLLATE "C" NOT NULL,
    sku        text        COLLATE "C" NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    profile    text        COLLATE "C" NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, sku)
);

-- Production lots of a product.
CREATE TABLE batches (
    tenant      text        COLLATE "C" NOT NULL,
    lot         text        COLLATE "C" NOT NULL,
    sku         text        COLLATE "C" NOT NULL,
    produced_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    quantity    integer     CHECK (quantity > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, lot),
    FOREIGN KEY (tenant, sku) REFERENCES products (tenant, sku),
    CHECK (expires_at > produced_at)
);
CREATE INDEX batches_sku ON batches (tenant, sku);
