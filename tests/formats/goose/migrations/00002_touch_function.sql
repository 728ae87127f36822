-- +goose Up
-- A function body holds semicolons at line ends: goose needs StatementBegin/End.
-- +goose StatementBegin
CREATE FUNCTION touch_users() RETURNS trigger AS $$
BEGIN
    NEW.email := lower(NEW.email);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
ALTER TABLE users ADD COLUMN updated_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN updated_at;
DROP FUNCTION touch_users();
