-- Attribution: which asset a sensor was on, over time. `sensors.asset` holds only the current
-- asset; a reading must be attributed to the asset the sensor was on when the reading was taken
-- (event time), so every change of a sensor's asset is kept here as a half-open interval
-- [valid_from, valid_to), valid_to null while current. Written by the registry (RegistryStore) in
-- the transaction of the sensor PUT; read by io.coldchain.core.attribution.AttributionStore.
--
-- A sensor's FIRST assignment is valid from -infinity: readings a sensor sent before it was
-- registered (stored, listed as unassigned) become attributable once it is registered. A later
-- change closes the current row at now() and opens a new one.
CREATE TABLE sensor_assignments (
    tenant     text        COLLATE "C" NOT NULL,
    sensor     text        COLLATE "C" NOT NULL,
    asset      text        COLLATE "C" NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz,
    PRIMARY KEY (tenant, sensor, valid_from),
    FOREIGN KEY (tenant, sensor) REFERENCES sensors (tenant, sensor),
    FOREIGN KEY (tenant, asset) REFERENCES assets (tenant, asset),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
-- At most one current assignment per sensor.
CREATE UNIQUE INDEX sensor_assignments_current ON sensor_assignments (tenant, sensor) WHERE valid_to IS NULL;
-- "Which sensors were on this asset" (records, gap alerts per asset).
CREATE INDEX sensor_assignments_asset ON sensor_assignments (tenant, asset, valid_from);

-- Sensors registered before this migration: their current asset, from -infinity (their history
-- before now was not kept, and the first assignment is from -infinity anyway).
INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from, valid_to)
SELECT tenant, sensor, asset, '-infinity', NULL FROM sensors WHERE asset IS NOT NULL;
