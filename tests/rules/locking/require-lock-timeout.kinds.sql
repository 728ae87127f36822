-- Each file reports once; this one starts with a trigger (SHARE ROW EXCLUSIVE).
CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit(); -- expect: require-lock-timeout
CREATE POLICY orders_owner ON orders USING (owner_id = current_user_id());
TRUNCATE audit_log;
