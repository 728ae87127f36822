-- expect-clean: add-column-rewrite
CREATE TABLE account (id bigint PRIMARY KEY, plan text NOT NULL DEFAULT 'free');
CREATE TABLE plan (name text PRIMARY KEY, quota bigint NOT NULL);

-- The clock in UTC: STABLE, like now(). Its one-argument overload has no volatility
-- clause (VOLATILE) and does not change what now_utc() with no argument is.
CREATE FUNCTION now_utc() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT now() AT TIME ZONE 'utc' $$;
CREATE FUNCTION now_utc(zone text) RETURNS timestamp LANGUAGE plpgsql AS $$
BEGIN
  RETURN clock_timestamp() AT TIME ZONE zone;
END
$$;

-- Two overloads of the same arity: by plan tier (IMMUTABLE arithmetic) and by plan
-- name (reads a table: VOLATILE, the default).
CREATE FUNCTION default_quota(tier integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 1000::bigint * tier $$;
CREATE FUNCTION default_quota(plan_name text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT quota FROM plan WHERE name = plan_name);
END
$$;
