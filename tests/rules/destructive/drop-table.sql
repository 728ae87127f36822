-- Dropping an existing table is flagged; a table created in this migration is not.
DROP TABLE users; -- expect: drop-table
DROP TABLE IF EXISTS app.sessions, audit_log; -- expect: drop-table, drop-table

CREATE TABLE scratch (id bigint);
DROP TABLE scratch;

CREATE TEMP TABLE staging AS SELECT 1 AS x;
DROP TABLE staging;

-- Text in comments never triggers a rule: DROP TABLE users;
SELECT 'DROP TABLE users';
DROP VIEW users_view;
