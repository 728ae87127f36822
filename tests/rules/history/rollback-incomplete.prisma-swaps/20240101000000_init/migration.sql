-- fixture: rules=rollback-incomplete
-- expect-clean: rollback-incomplete
CREATE TYPE "Role" AS ENUM ('ADMIN', 'USER');
CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT, "role" "Role");
