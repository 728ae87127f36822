-- A later overload: another argument list, no volatility clause (VOLATILE). It does
-- not change what current_site_id() with no argument is.
CREATE FUNCTION current_site_id(fallback bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT fallback $$;
CREATE FUNCTION site_code(prefix text, n int DEFAULT 1) RETURNS text LANGUAGE sql AS $$ SELECT prefix || n $$;
