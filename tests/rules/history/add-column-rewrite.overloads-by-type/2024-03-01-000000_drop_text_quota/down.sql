ALTER TABLE account DROP COLUMN support_quota;
CREATE FUNCTION default_quota(plan_name text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT quota FROM plan WHERE name = plan_name);
END
$$;
ALTER TABLE account ALTER COLUMN plan_quota SET DEFAULT default_quota('free'),
  ALTER COLUMN team_quota SET DEFAULT default_quota('team'::varchar), ALTER COLUMN spare_quota SET DEFAULT default_quota(NULL);
