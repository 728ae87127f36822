-- Version 10 runs after version 2: goose orders versions as numbers.
-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- +goose Down
DROP INDEX CONCURRENTLY users_email_idx;
