-- OR REPLACE replaces the overload with the same argument types: default_quota(integer)
-- now reads a table (VOLATILE), and now_utc() stays STABLE.
CREATE OR REPLACE FUNCTION default_quota(tier int4) RETURNS bigint LANGUAGE sql AS $$ SELECT max(quota) * tier FROM plan $$;
ALTER TABLE account ADD COLUMN burst_quota bigint DEFAULT default_quota(3); -- expect: add-column-rewrite
ALTER TABLE account ADD COLUMN updated_at timestamp DEFAULT now_utc();
