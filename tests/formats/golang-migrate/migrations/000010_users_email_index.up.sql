-- Alone in its file: golang-migrate's single message runs it outside a transaction.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
