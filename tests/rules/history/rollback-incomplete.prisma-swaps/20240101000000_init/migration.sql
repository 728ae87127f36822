-- fixture: rules=rollback-incomplete
CREATE TYPE "Role" AS ENUM ('ADMIN', 'USER');
CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT, "role" "Role");
