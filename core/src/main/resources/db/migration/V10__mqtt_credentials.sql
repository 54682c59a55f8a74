-- MQTT credentials issued by the backend (contract §5). A credential is one broker user name,
-- {tenant}/{name}; the password is shown once when issued or rotated and kept only as a slow hash
-- (Argon2id, PHC string). A rotation may leave the previous hash valid for a grace period.
-- A revoked credential stays as a row (its history is in audit_log); issuing the same name again
-- replaces the revoked row.
CREATE TABLE mqtt_credentials (
    tenant              text        COLLATE "C" NOT NULL,
    name                text        COLLATE "C" NOT NULL,
    kind                text        COLLATE "C" NOT NULL CHECK (kind IN ('gateway', 'alerts')),
    password_hash       text        NOT NULL,
    previous_hash       text,
    previous_valid_until timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    rotated_at          timestamptz,
    revoked_at          timestamptz,
    PRIMARY KEY (tenant, name),
    CHECK ((previous_hash IS NULL) = (previous_valid_until IS NULL))
);
