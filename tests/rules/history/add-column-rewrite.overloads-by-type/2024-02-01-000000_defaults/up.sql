-- STABLE: evaluated once for the ALTER, no rewrite.
ALTER TABLE account ADD COLUMN created_at timestamp NOT NULL DEFAULT now_utc();
-- An integer constant calls default_quota(integer) exactly: IMMUTABLE, no rewrite.
ALTER TABLE account ADD COLUMN quota bigint DEFAULT default_quota(1);
-- smallint reaches integer by an implicit cast, text does not: IMMUTABLE again.
ALTER TABLE account ADD COLUMN trial_quota bigint DEFAULT default_quota(1::smallint);
-- A string literal takes the string overload (PostgreSQL prefers the string category
-- for an unknown-typed argument): VOLATILE, every row is computed.
ALTER TABLE account ADD COLUMN plan_quota bigint DEFAULT default_quota('free'); -- expect: add-column-rewrite
-- varchar reaches text by an implicit cast, not integer: VOLATILE.
ALTER TABLE account ADD COLUMN team_quota bigint DEFAULT default_quota('team'::varchar); -- expect: add-column-rewrite
-- NULL is unknown-typed like a string literal: the text overload.
ALTER TABLE account ADD COLUMN spare_quota bigint DEFAULT default_quota(NULL); -- expect: add-column-rewrite
-- The zone overload, VOLATILE as declared (no clause).
ALTER TABLE account ADD COLUMN seen_at timestamp DEFAULT now_utc('Europe/Paris'); -- expect: add-column-rewrite
