-- Only the text overload goes (after the defaults that call it); default_quota(integer)
-- stays, IMMUTABLE.
ALTER TABLE account ALTER COLUMN plan_quota DROP DEFAULT, ALTER COLUMN team_quota DROP DEFAULT,
  ALTER COLUMN spare_quota DROP DEFAULT;
DROP FUNCTION default_quota(text);
ALTER TABLE account ADD COLUMN support_quota bigint DEFAULT default_quota(2);
