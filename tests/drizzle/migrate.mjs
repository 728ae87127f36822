// Runs Drizzle's own migrator (drizzle-orm/node-postgres) on a migrations folder, as an
// application would: `node migrate.mjs DATABASE_URL MIGRATIONS_FOLDER`. Used by
// tests/integration/history_tools_test.cpp to check that Drizzle and sluice agree on
// drizzle.__drizzle_migrations.
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";

const [url, migrationsFolder] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await migrate(drizzle(client), { migrationsFolder });
} finally {
  await client.end();
}
