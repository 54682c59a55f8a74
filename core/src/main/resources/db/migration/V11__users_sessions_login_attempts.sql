-- People (web app and login, contract §6): user accounts, their sessions, and every login attempt.

-- A user is either of a tenant (role admin or qa), of an authority (role regulator, tenant null,
-- limited to a region code like the regulator tokens), or the platform's administrator (role
-- platform, tenant null: manages regulators and tenants' users, reads no tenant's data). Usernames are unique across the platform, so
-- that one login form serves everyone without asking for a tenant.
CREATE TABLE users (
    id            bigserial   PRIMARY KEY,
    username      text        COLLATE "C" NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.:@-]{1,64}$'),
    tenant        text        COLLATE "C",
    role          text        COLLATE "C" NOT NULL CHECK (role IN ('admin', 'qa', 'regulator', 'platform')),
    region        text        COLLATE "C" CHECK (region ~ '^[0-9]{2,12}$'),
    display_name  text        NOT NULL DEFAULT '',
    password_hash text        NOT NULL,             -- PHC string: $argon2id$v=19$m=...,t=...,p=...$salt$hash
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text        NOT NULL,
    disabled_at   timestamptz,                      -- disabled users cannot log in; their sessions are ended
    CHECK ((role IN ('regulator', 'platform')) = (tenant IS NULL)),
    CHECK ((role = 'regulator') = (region IS NOT NULL))
);
CREATE INDEX users_tenant ON users (tenant, username);

-- A session is what a login hands out: a browser cookie (with its CSRF token) or a bearer token for
-- tools. Only the SHA-256 of the secret is stored, so a copy of the table logs nobody in.
CREATE TABLE sessions (
    id           bigserial   PRIMARY KEY,
    token_hash   bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id      bigint      NOT NULL REFERENCES users (id),
    kind         text        COLLATE "C" NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    csrf_token   text        NOT NULL,              -- synchronizer token: must come back in X-CSRF-Token on writes
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz                        -- logout, user disabled
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;

-- Every login attempt, kept: failures slow the next attempts for the same username and the same
-- address, and are the audit trail of logins.
CREATE TABLE login_attempts (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    username  text        NOT NULL,                 -- as typed (cut to 64 characters), known or not
    address   text        NOT NULL,                 -- the client's IP address
    succeeded boolean     NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);
