-- Every row of an existing table.
DELETE FROM sessions; -- expect: unbounded-dml:1
UPDATE "User" SET "email" = LOWER("email"); -- expect: unbounded-dml:1
UPDATE ONLY public.accounts -- expect: unbounded-dml:1
SET plan = 'free',
    trial_ends_at = NULL;
-- A WHERE that is always true bounds nothing.
UPDATE sessions SET token = LEFT(token, 32) WHERE TRUE; -- expect: unbounded-dml
DELETE FROM audit_log WHERE 1 = 1; -- expect: unbounded-dml
-- A join without WHERE still touches every row.
UPDATE orders SET region = r.name FROM regions r; -- expect: unbounded-dml
DELETE FROM carts USING users; -- expect: unbounded-dml
-- Data-modifying WITH queries run too.
WITH moved AS (DELETE FROM events RETURNING *) -- expect: unbounded-dml
INSERT INTO events_archive SELECT * FROM moved;

-- Bounded statements are fine, including cursor positions.
DELETE FROM sessions WHERE expires_at < now();
UPDATE "User" SET "email" = LOWER("email") WHERE "email" <> LOWER("email");
DELETE FROM orders WHERE CURRENT OF order_cursor;
UPDATE orders SET region = r.name FROM regions r WHERE r.id = orders.region_id;
DELETE FROM audit_log WHERE 1 = 2;

-- Tables created in this migration, temporary ones included.
CREATE TABLE "Setting" (key text PRIMARY KEY, value text);
INSERT INTO "Setting" VALUES ('theme', 'dark');
UPDATE "Setting" SET value = 'light';
CREATE TEMP TABLE import_rows AS SELECT * FROM orders;
DELETE FROM import_rows;

-- DML inside a function body runs when the function is called, not now.
CREATE FUNCTION reset_counters() RETURNS void LANGUAGE sql
BEGIN ATOMIC
  UPDATE counters SET value = 0;
END;
CREATE RULE keep_forever AS ON DELETE TO ledger DO INSTEAD UPDATE ledger SET deleted = true;

-- DELETE FROM users;
SELECT 'UPDATE users SET admin = true';
