-- A running release still writes and compares the old label.
ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy'; -- expect: rename-enum-value
ALTER TYPE public."Role" RENAME VALUE 'ADMIN' TO 'OWNER'; -- expect: rename-enum-value

-- Adding a value breaks nothing.
ALTER TYPE mood ADD VALUE 'content';

-- A type created in this migration, and a value added in it, are not in use yet.
CREATE TYPE "Plan" AS ENUM ('free', 'pro');
ALTER TYPE "Plan" RENAME VALUE 'pro' TO 'team';
ALTER TYPE mood ADD VALUE 'calm';
ALTER TYPE mood RENAME VALUE 'calm' TO 'serene';
