-- fixture: layout=prisma
-- Filling in a column added earlier in this migration (a backfill) overwrites
-- nothing anyone has written yet.
ALTER TABLE "users" ADD COLUMN "email_normalized" TEXT;
UPDATE "users" SET "email_normalized" = LOWER("email");
ALTER TABLE "users" ALTER COLUMN "email_normalized" SET NOT NULL;

ALTER TABLE observations ADD COLUMN total_tokens integer, ADD COLUMN cost numeric;
UPDATE observations SET total_tokens = prompt_tokens + completion_tokens, cost = 0;

-- Overwriting an existing column alongside a new one is not a backfill.
UPDATE observations SET total_tokens = 0, prompt_tokens = 0; -- expect: unbounded-dml
-- A column added by an earlier migration may hold data by now.
UPDATE sessions SET logout_token = token; -- expect: unbounded-dml
