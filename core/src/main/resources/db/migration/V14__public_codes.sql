-- Public trace codes (contract §9): a batch's code opens a public page (/t/{code}) with its
-- cold-chain verdict. A code is 160 bits from SecureRandom (base32, 32 characters): it cannot be
-- guessed or enumerated. It is printed on packaging, so it is no secret once issued: it is kept as
-- issued (the API shows it again) and found through its unique index. A revoked code stays, so
-- that it is never issued again and the audit trail can name it; it answers 404 like one never issued.
--
-- Written by io.coldchain.registry.publiccode.PublicCodeStore only.

CREATE TABLE public_codes (
    code       text        COLLATE "C" PRIMARY KEY CHECK (code ~ '^[a-z2-7]{32}$'),
    tenant     text        COLLATE "C" NOT NULL,
    lot        text        COLLATE "C" NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    issued_by  text        NOT NULL,
    revoked_at timestamptz,
    revoked_by text,
    FOREIGN KEY (tenant, lot) REFERENCES batches (tenant, lot),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- At most one live code per batch.
CREATE UNIQUE INDEX public_codes_live ON public_codes (tenant, lot) WHERE revoked_at IS NULL;
