-- expect-clean: add-column-rewrite
CREATE TABLE site (id bigint PRIMARY KEY, name text);
CREATE FUNCTION current_site_id() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 1::bigint $$;
CREATE FUNCTION site_code(prefix text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT prefix || '-1' $$;
