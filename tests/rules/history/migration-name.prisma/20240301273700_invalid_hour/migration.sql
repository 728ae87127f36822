CREATE TABLE "Tag" ("id" SERIAL PRIMARY KEY); -- expect: migration-name@warning
