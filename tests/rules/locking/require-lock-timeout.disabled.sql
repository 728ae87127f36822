-- A timeout of 0 or DEFAULT waits forever, like no timeout; set_config counts too.
SET lock_timeout = 0;
SET lock_timeout TO DEFAULT;
SELECT set_config('lock_timeout', '0', false);
CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit(); -- expect: require-lock-timeout
SELECT set_config('lock_timeout', '3s', false);
ALTER TABLE orders ADD COLUMN note text;
