CREATE TABLE "Model" ("id" SERIAL PRIMARY KEY); -- expect: migration-name@error
