CREATE TABLE events (
    created_at timestamp NOT NULL DEFAULT now(), -- expect: prefer-timestamptz:16
    updated_at timestamp(3) without time zone, -- expect: prefer-timestamptz:16
    seen_at timestamptz,
    due_at timestamp with time zone,
    day date,
    at_time time,
    history timestamp[] -- expect: prefer-timestamptz:13
);
ALTER TABLE orders ADD COLUMN shipped_at TIMESTAMP; -- expect: prefer-timestamptz:42
ALTER TABLE orders ALTER COLUMN paid_at TYPE timestamp USING paid_at AT TIME ZONE 'UTC'; -- expect: prefer-timestamptz:46
ALTER TABLE orders ALTER COLUMN paid_at TYPE timestamptz;

CREATE TEMP TABLE scratch (at timestamp);
-- A column named timestamp is not a timestamp column.
CREATE TABLE logs ("timestamp" timestamptz, message text);
-- CREATE TABLE t (at timestamp);
