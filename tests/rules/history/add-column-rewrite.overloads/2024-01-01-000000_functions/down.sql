DROP FUNCTION site_code(text); DROP FUNCTION current_site_id(); DROP TABLE site;
