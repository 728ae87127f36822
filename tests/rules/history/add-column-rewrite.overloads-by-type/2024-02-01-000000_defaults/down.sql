ALTER TABLE account DROP COLUMN seen_at, DROP COLUMN spare_quota, DROP COLUMN team_quota, DROP COLUMN plan_quota,
  DROP COLUMN trial_quota, DROP COLUMN quota, DROP COLUMN created_at;
