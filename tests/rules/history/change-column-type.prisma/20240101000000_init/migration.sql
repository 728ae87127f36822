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
  "nickname" TEXT
);
CREATE UNIQUE INDEX "User_handle_key" ON "User" ("handle");
