TRUNCATE orders; -- expect: truncate-table:10
TRUNCATE TABLE ONLY public."User", audit_log RESTART IDENTITY CASCADE; -- expect: truncate-table:21, truncate-table:36

-- Tables created in this migration, temporary ones included, lose nothing.
CREATE TABLE import_batch (id bigint, payload jsonb);
TRUNCATE import_batch;
CREATE TEMPORARY TABLE staging (LIKE orders);
TRUNCATE staging, orders; -- expect: truncate-table:19

TRUNCATE
    "Session", -- expect: truncate-table:5
    "VerificationToken"; -- expect: truncate-table:5

-- TRUNCATE orders;
SELECT 'TRUNCATE orders';
