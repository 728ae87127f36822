ALTER TABLE account DROP COLUMN updated_at, DROP COLUMN burst_quota;
CREATE OR REPLACE FUNCTION default_quota(tier integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 1000::bigint * tier $$;
