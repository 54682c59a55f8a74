-- Sites get an IANA time zone (contract §7): temperature logs, reports and the web app show a site's
-- times in it, and a local day (date=2026-11-21) is that site's midnight to midnight. NULL (sites
-- registered before this migration) means the server's COLDCHAIN_TIMEZONE setting; a PUT without a
-- zone stores that setting's value. The API checks the name against the tz database; the CHECK only
-- keeps out what can never be a zone id.
ALTER TABLE sites ADD COLUMN timezone text COLLATE "C"
    CHECK (timezone ~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$');
