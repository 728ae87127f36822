-- Version 1.10 (written 1_10) runs after 1.2: Flyway compares versions part by part as numbers.
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
