CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);
CREATE INDEX "User_id_idx" ON "User" ("id");
