-- fixture: rules=missing-rollback
-- expect-clean: missing-rollback
CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);
