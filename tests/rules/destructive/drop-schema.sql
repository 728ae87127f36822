DROP SCHEMA reporting; -- expect: drop-schema:13
DROP SCHEMA IF EXISTS "Analytics", archive CASCADE; -- expect: drop-schema:23, drop-schema:36

-- A schema created in this migration holds nothing anyone relies on yet.
CREATE SCHEMA scratch;
DROP SCHEMA scratch CASCADE;
CREATE SCHEMA IF NOT EXISTS "Staging";
DROP SCHEMA IF EXISTS "Staging";

-- Other drops are other rules' business.
DROP TABLE reporting.daily;
DROP VIEW reporting.summary;
-- DROP SCHEMA reporting CASCADE;
