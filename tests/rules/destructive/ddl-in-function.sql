-- fixture: rules=drop-table,drop-column,truncate-table,drop-object,require-concurrent-index,unbounded-dml,rename-column
-- A function body runs when the function is called, later and maybe never: none of
-- this migration's rules judge it, and one warning names the function and what its
-- body would do. Shaped like Lemmy's maintenance functions (drop_ccnew_indexes) and
-- its trigger functions (site_aggregates_*).
CREATE OR REPLACE FUNCTION drop_ccnew_indexes ()
    RETURNS integer
    AS $$
BEGIN
    EXECUTE 'DROP INDEX IF EXISTS idx_post_aggregates_active_ccnew'; -- expect: ddl-in-function
    EXECUTE 'DROP INDEX IF EXISTS idx_comment_aggregates_hot_ccnew';
    RETURN 1;
END;
$$
LANGUAGE plpgsql;

-- A retention job: DROP TABLE and TRUNCATE in the body are not this migration dropping
-- or emptying anything.
CREATE PROCEDURE rotate_activity_log ()
LANGUAGE plpgsql
AS $$
BEGIN
    TRUNCATE activity_archive; -- expect: ddl-in-function
    DROP TABLE IF EXISTS activity_2019;
    ALTER TABLE activity RENAME COLUMN ap_id TO activity_id;
    ALTER TABLE activity DROP COLUMN sensitive;
    CREATE INDEX activity_published ON activity (published);
END
$$;

-- Trigger functions keep counters and refresh views: data changes with or without WHERE
-- and REFRESH MATERIALIZED VIEW are their job (Lemmy's refresh_* functions).
CREATE FUNCTION site_aggregates_post_insert ()
    RETURNS TRIGGER
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE
        site_aggregates
    SET
        posts = posts + 1;
    DELETE FROM post_aggregates_fast WHERE post_id = OLD.id;
    REFRESH MATERIALIZED VIEW post_aggregates_mview;
    RETURN NULL;
END
$$;

-- A SQL function body too; created and called here, so it runs during the migration.
CREATE FUNCTION reset_counters () RETURNS void LANGUAGE sql AS $$
    TRUNCATE person_aggregates; -- expect: ddl-in-function
$$;
SELECT reset_counters ();

-- A DO block runs now: what it drops is this migration's.
DO $$
BEGIN
    DROP TABLE legacy_counters; -- expect: drop-table
END
$$;
