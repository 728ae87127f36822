-- fixture: layout=prisma
-- With or without BEGIN, an index on a new table is fine.
BEGIN;
CREATE TABLE "Post" (id text PRIMARY KEY, "authorId" text);
CREATE INDEX "Post_authorId_idx" ON "Post" ("authorId");
COMMIT;
CREATE INDEX "User_email_idx" ON "User" (email); -- expect: require-concurrent-index
