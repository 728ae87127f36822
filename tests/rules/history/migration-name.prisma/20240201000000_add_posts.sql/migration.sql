CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY); -- expect: migration-name@warning
