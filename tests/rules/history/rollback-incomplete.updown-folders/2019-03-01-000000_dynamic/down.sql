DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I DROP COLUMN bio', 'user_');
END $$;
