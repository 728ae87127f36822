CREATE TABLE "Label" ("id" SERIAL PRIMARY KEY); -- expect: migration-name@warning
