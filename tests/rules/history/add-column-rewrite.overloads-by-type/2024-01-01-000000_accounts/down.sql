DROP FUNCTION default_quota(text);
DROP FUNCTION default_quota(integer);
DROP FUNCTION now_utc(text);
DROP FUNCTION now_utc();
DROP TABLE plan;
DROP TABLE account;
