-- fixture: role=rollback rules=prefer-bigint,prefer-identity,prefer-timestamptz,ban-char
-- A rollback restores the types the forward migration replaced: no style findings.
CREATE TABLE legacy_users (email varchar(255), created_at timestamp, code char(2), id serial PRIMARY KEY);
ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
-- expect-clean: prefer-text, prefer-bigint, prefer-identity, prefer-timestamptz, ban-char
