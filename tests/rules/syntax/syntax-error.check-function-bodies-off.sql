-- fixture: rules=syntax-error
-- pg_dump's way: with check_function_bodies off, CREATE FUNCTION stores the body
-- without compiling it, so a body that does not compile fails a later call, not the
-- migration. DO blocks are compiled when they run, whatever the setting.
SET check_function_bodies = false;

CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1
  RETURN NEW;
END
$$;

DO $$
BEGIN
  UPDATE account SET WHERE id = 0; -- expect: syntax-error:22
END
$$;

RESET check_function_bodies;

CREATE FUNCTION touch_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.created_at IS NULL THEN
    NEW.created_at := now()
  END IF; -- expect: syntax-error:7
  RETURN NEW;
END
$$;
