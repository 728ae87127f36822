-- SET lock_timeout before the first lock: nothing to report.
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;
DROP TABLE customers;
-- expect-clean: require-lock-timeout
