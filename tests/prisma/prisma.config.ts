// Prisma Migrate with the PostgreSQL driver adapter: its schema engine then runs as
// WebAssembly from the npm package, so no engine binary has to be downloaded.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: process.env.SLUICE_PRISMA_MIGRATIONS ?? "../../examples/prisma/migrations" },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
