CREATE TABLE "User" (
  "id" SERIAL PRIMARY KEY,
  "email" VARCHAR(255) NOT NULL,
  "name" VARCHAR(50),
  "bio" TEXT,
  "balance" DECIMAL(10, 2),
  "createdAt" TIMESTAMP(3) NOT NULL,
  "lastSeen" TIMESTAMP(3),
  "ip" CIDR,
  "flags" VARBIT(5),
  "tags" VARCHAR(10)[],
  "visits" INTEGER,
  "handle" TEXT,
  "nickname" TEXT,
  "seenAt" TIMESTAMP(3),
  "loggedAt" TIMESTAMP(3),
  "a" INTEGER,
  "b" INTEGER
);
CREATE INDEX "User_seenAt_idx" ON "User" ("seenAt");
CREATE UNIQUE INDEX "User_handle_key" ON "User" ("handle");
