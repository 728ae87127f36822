-- fixture: layout=prisma
-- A new table whose foreign key references an existing table locks that table against
-- writes (SHARE ROW EXCLUSIVE) while the key is added.
CREATE TABLE "Post" (id text PRIMARY KEY, "authorId" text NOT NULL);
CREATE INDEX "Post_authorId_idx" ON "Post" ("authorId");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id"); -- expect: require-lock-timeout
