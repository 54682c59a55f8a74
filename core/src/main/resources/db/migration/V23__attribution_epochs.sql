-- A counter per tenant of committed changes to what alerting's attribution reads (sites, assets,
-- sensors and their assignments, profiles, products, batches, shipments, placements). Alerting's
-- quiet path keeps the attribution of quiet sensors in memory and trusts it only while the tenant's
-- epoch is the one it read before computing it: one query for a whole chunk of sensors instead of
-- four per sensor (issue 12, 10,000 registered sensors).
-- The triggers are deferred constraint triggers: they run at commit, after everything else the
-- transaction locked, so two registry transactions of one tenant wait on the epoch row in commit
-- order and can never deadlock on it. The registry's SQL is untouched. A transaction changing
-- thousands of rows bumps the row as often (bulk imports pay for it; the registry's API writes a few).
-- Epochs are drawn from one sequence, so a value never comes back (a deleted and re-created row
-- cannot repeat an epoch some evaluator remembers). TRUNCATE bumps every tenant the table held.
CREATE SEQUENCE attribution_epoch_seq;

CREATE TABLE attribution_epochs (
    tenant text   COLLATE "C" PRIMARY KEY,
    epoch  bigint NOT NULL
);

CREATE FUNCTION attribution_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO attribution_epochs AS e (tenant, epoch) VALUES (OLD.tenant, nextval('attribution_epoch_seq'))
            ON CONFLICT (tenant) DO UPDATE SET epoch = EXCLUDED.epoch;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.tenant IS DISTINCT FROM OLD.tenant) THEN
        INSERT INTO attribution_epochs AS e (tenant, epoch) VALUES (NEW.tenant, nextval('attribution_epoch_seq'))
            ON CONFLICT (tenant) DO UPDATE SET epoch = EXCLUDED.epoch;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION attribution_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO attribution_epochs AS e (tenant, epoch) '
                   'SELECT DISTINCT tenant, nextval(''attribution_epoch_seq'') FROM %I.%I '
                   'ON CONFLICT (tenant) DO UPDATE SET epoch = EXCLUDED.epoch', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    RETURN NULL;
END
$$;

-- The tables whose rows attribution reads, one list for both triggers.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sites', 'assets', 'sensors', 'sensor_assignments', 'profiles', 'products',
                             'batches', 'shipments', 'shipment_batches', 'placements'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed()', t);
        EXECUTE format('CREATE TRIGGER attribution_truncated BEFORE TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION attribution_truncated()', t);
    END LOOP;
END
$$;
