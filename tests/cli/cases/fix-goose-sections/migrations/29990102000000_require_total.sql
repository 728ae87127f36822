-- +goose Up
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
CREATE INDEX customers_name_idx ON customers (name);

-- +goose Down
SET lock_timeout = '2s';
DROP INDEX customers_name_idx;
ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;
