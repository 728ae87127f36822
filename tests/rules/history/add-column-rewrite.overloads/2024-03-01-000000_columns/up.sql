-- STABLE: evaluated once for the ALTER, no rewrite.
ALTER TABLE site ADD COLUMN home_site_id bigint DEFAULT current_site_id();
-- The volatile overload: every row gets its own value, the table is rewritten.
ALTER TABLE site ADD COLUMN parent_site_id bigint DEFAULT current_site_id(0); -- expect: add-column-rewrite
-- Two overloads take one argument (the second with its default): which one runs
-- depends on types sluice does not resolve, so it does not claim either.
ALTER TABLE site ADD COLUMN code text DEFAULT site_code('s'); -- expect: add-column-rewrite
