-- Dropped and created again later in the file: how a view's columns or a
-- function's signature change.
DROP VIEW community_view;
CREATE VIEW community_view AS SELECT id, name, title FROM community;

DROP FUNCTION IF EXISTS score(integer);
CREATE FUNCTION score(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 - $2';

DROP TRIGGER refresh_post ON post;
CREATE TRIGGER refresh_post AFTER INSERT ON post FOR EACH ROW EXECUTE FUNCTION refresh();

DROP MATERIALIZED VIEW post_mview;
CREATE MATERIALIZED VIEW post_mview AS SELECT * FROM post;

-- Recreated, but CASCADE dropped the dependents, which do not come back.
DROP VIEW user_view CASCADE; -- expect: drop-object
CREATE VIEW user_view AS SELECT id, name FROM users;

-- A sequence created again starts over: duplicate keys follow.
DROP SEQUENCE invoice_number_seq; -- expect: drop-object
CREATE SEQUENCE invoice_number_seq;

-- Created again on another table is not the same trigger.
DROP TRIGGER audit ON orders; -- expect: drop-object
CREATE TRIGGER audit AFTER INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION audit();

-- The new version is built under a temporary name and renamed into place.
CREATE TYPE listing_type_enum_tmp AS ENUM ('All', 'Local', 'Subscribed');
ALTER TABLE local_site
    ALTER COLUMN default_listing_type TYPE listing_type_enum_tmp
    USING (default_listing_type::text::listing_type_enum_tmp);
DROP TYPE listing_type_enum;
ALTER TYPE listing_type_enum_tmp RENAME TO listing_type_enum;

-- Only a later CREATE counts: an earlier one is about another object.
CREATE OR REPLACE VIEW summary_v2 AS SELECT 1 AS x;
DROP VIEW summary; -- expect: drop-object
