-- fixture: rules=migration-name
-- expect-clean: migration-name
CREATE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$ BEGIN END; $$ LANGUAGE plpgsql;
