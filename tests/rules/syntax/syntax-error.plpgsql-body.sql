-- fixture: rules=syntax-error
-- PostgreSQL compiles a PL/pgSQL body when CREATE FUNCTION runs (check_function_bodies
-- is on by default) and a DO block before it runs: a body that does not compile fails
-- the migration. The error is reported on the token the compiler names.
CREATE TABLE account (id bigint PRIMARY KEY, updated_at timestamptz);

-- A missing semicolon: the assignment swallows END, and IF is unexpected.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NULL THEN
    NEW.updated_at := now()
  END IF; -- expect: syntax-error:7
  RETURN NEW;
END
$$;

-- An SQL statement of the body that does not parse.
CREATE OR REPLACE FUNCTION reset_account(account_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  UPDATE account SET WHERE id = account_id; -- expect: syntax-error:22
END
$$;

-- A DO block runs now: it fails the migration the same way.
DO $$
BEGIN
  PERFORM 1
  RAISE NOTICE 'backfilled'; -- expect: syntax-error:9
END
$$;

-- Valid bodies that PL/pgSQL compiles: nothing to report, although libpg_query's
-- compiler knows no catalog (a %ROWTYPE of a table it never saw, RETURN NEXT with TABLE
-- columns, which it rejects with "missing expression", a COLLATE in a declaration).
CREATE FUNCTION account_rows() RETURNS TABLE (id bigint, seen timestamptz) LANGUAGE plpgsql AS $$
DECLARE
  r account%ROWTYPE;
  label text COLLATE "C";
BEGIN
  FOR r IN SELECT * FROM account LOOP
    id := r.id;
    seen := r.updated_at;
    RETURN NEXT;
  END LOOP;
END
$$;
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE '% %', TG_EVENT, TG_TAG;
END
$$;
-- Dynamic SQL is parsed when it runs: in a function, at a later call.
CREATE FUNCTION purge(days int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'DELETE FROM account WHERE';
END
$$;
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$;
