-- Inside one DO block, everything is one transaction.
DO $$
BEGIN
  ALTER TABLE iceberg_tables ADD COLUMN IF NOT EXISTS shard_id bigint;
  UPDATE iceberg_tables SET shard_id = 1 WHERE shard_id IS NULL; -- expect: mixed-ddl-dml:3
END
$$;
