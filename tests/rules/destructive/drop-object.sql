-- Existing objects of every kind this rule covers.
DROP VIEW active_users; -- expect: drop-object:11
DROP MATERIALIZED VIEW IF EXISTS reporting.daily_totals; -- expect: drop-object:34
DROP FUNCTION normalize_email(text); -- expect: drop-object:15
DROP PROCEDURE archive_orders; -- expect: drop-object:16
DROP TYPE "Role"; -- expect: drop-object:11
DROP DOMAIN email_address; -- expect: drop-object:13
DROP SEQUENCE invoice_number_seq; -- expect: drop-object:15
DROP EXTENSION IF EXISTS "uuid-ossp"; -- expect: drop-object:26
DROP TRIGGER audit_orders ON public.orders; -- expect: drop-object:14
-- Several in one statement: one finding each, at each name.
DROP VIEW IF EXISTS comment_view, post_view; -- expect: drop-object:21, drop-object:35
-- CASCADE takes dependents along.
DROP TYPE status CASCADE; -- expect: drop-object:11
DROP VIEW user_view CASCADE; -- expect: drop-object:11

-- Created earlier in this migration: nothing depends on it yet.
CREATE VIEW recent_orders AS SELECT * FROM orders WHERE created_at > now() - interval '1 day';
DROP VIEW recent_orders;
CREATE TYPE "Mood" AS ENUM ('happy', 'sad');
DROP TYPE "Mood";
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
DROP FUNCTION add_one(integer);
CREATE SEQUENCE scratch_seq;
DROP SEQUENCE scratch_seq;
CREATE TABLE ledger (id bigint);
CREATE TRIGGER ledger_audit AFTER INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION audit();
DROP TRIGGER ledger_audit ON ledger;
-- A trigger on a table this migration created is new with its table.
CREATE TABLE payments (id bigint);
DROP TRIGGER IF EXISTS payments_audit ON payments;

-- Tables, indexes, schemas and columns belong to other rules.
DROP TABLE orders;
DROP INDEX orders_created_idx;
DROP SCHEMA reporting;
-- DROP VIEW active_users;
SELECT 'DROP FUNCTION normalize_email(text)';
