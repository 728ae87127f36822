DROP FUNCTION site_code(text, int); DROP FUNCTION current_site_id(bigint);
