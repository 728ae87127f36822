-- fixture: pg-version=11
-- Before PostgreSQL 12 a validated check does not let SET NOT NULL skip its scan.
ALTER TABLE accounts ADD CONSTRAINT accounts_owner_not_null CHECK (owner_id IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_not_null;
ALTER TABLE accounts ALTER COLUMN owner_id SET NOT NULL; -- expect: set-not-null
