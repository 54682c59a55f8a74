-- A counter per tenant of committed changes to what alerting's attribution reads (sites, assets,
-- sensors and their assignments, profiles, products, batches, shipments, placements). Alerting's
-- quiet path keeps the attribution of quiet sensors in memory and trusts it only while the tenant's
-- epoch is the one it read before computing it: one query for a whole chunk of sensors instead of
-- four per sensor (issue 12, 10,000 registered sensors).
-- The triggers are deferred constraint triggers: they run at commit, after everything else the
-- transaction locked, so two registry transactions of one tenant wait on the epoch row in commit
-- order and can never deadlock on it. The registry's SQL is untouched.
CREATE TABLE attribution_epochs (
    tenant text   COLLATE "C" PRIMARY KEY,
    epoch  bigint NOT NULL DEFAULT 1
);

CREATE FUNCTION attribution_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO attribution_epochs AS e (tenant) VALUES (OLD.tenant)
            ON CONFLICT (tenant) DO UPDATE SET epoch = e.epoch + 1;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.tenant IS DISTINCT FROM OLD.tenant) THEN
        INSERT INTO attribution_epochs AS e (tenant) VALUES (NEW.tenant)
            ON CONFLICT (tenant) DO UPDATE SET epoch = e.epoch + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON sites
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON assets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON sensors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON sensor_assignments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON batches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON shipments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON shipment_batches
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
CREATE CONSTRAINT TRIGGER attribution_changed AFTER INSERT OR UPDATE OR DELETE ON placements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attribution_changed();
