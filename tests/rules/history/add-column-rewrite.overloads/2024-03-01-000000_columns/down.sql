ALTER TABLE site DROP COLUMN home_site_id, DROP COLUMN parent_site_id, DROP COLUMN code;
