-- A trigger function that keeps a one-row counter table up to date (Lemmy's
-- site_aggregates): its UPDATE runs on every insert into `users`, long after the
-- migration, and is not the migration changing data.
CREATE FUNCTION site_aggregates_user_insert()
    RETURNS TRIGGER
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE
        site_aggregates
    SET
        users = users + 1;
    DELETE FROM user_stats_cache;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION reset_all() RETURNS void LANGUAGE sql AS $$
    UPDATE counters SET value = 0;
$$;

-- A DO block runs now: its DML is the migration's.
DO $$
BEGIN
    UPDATE site_aggregates SET users = 0; -- expect: unbounded-dml
END
$$;
