-- Not in meta/_journal.json: Drizzle's migrator never runs it.
DROP TABLE "users";
