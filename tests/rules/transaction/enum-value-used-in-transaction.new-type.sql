-- Even for a type created in the same transaction, a value added by ADD VALUE is
-- unusable until commit (checked on PostgreSQL 15); the CREATE TYPE's own values are fine.
CREATE TYPE plan AS ENUM ('free', 'pro');
ALTER TYPE plan ADD VALUE 'team';
CREATE TABLE accounts (id bigint, plan plan NOT NULL DEFAULT 'free');
INSERT INTO accounts VALUES (1, 'team'); -- expect: enum-value-used-in-transaction
