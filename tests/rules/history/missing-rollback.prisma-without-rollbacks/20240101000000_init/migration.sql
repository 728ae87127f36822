-- fixture: rules=missing-rollback
CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);
