// A Prisma 7 project: the schema, the migrations and the database URL are found here,
// not in schema.prisma. sluice reads this file without running it.
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "db/schema.prisma",
  migrations: {
    path: "db/migrations",
  },
  datasource: {
    url: env("APP_DATABASE_URL"),
  },
});
