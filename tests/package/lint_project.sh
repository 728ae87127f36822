# Sourced by the package tests that run a binary somewhere unusual (a Debian 11 root, qemu):
#   make_lint_project DIR   writes DIR/prisma/migrations, a Prisma project whose second
#                           migration indexes a live table without CONCURRENTLY
#   lint_finding            the line (a grep -E pattern) that `sluice lint --format gcc`
#                           run in DIR must print for it; lint exits 1
make_lint_project() {
  local m="$1/prisma/migrations"
  mkdir -p "$m/20240101000000_init" "$m/20240102000000_index"
  printf 'provider = "postgresql"\n' >"$m/migration_lock.toml"
  printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' >"$m/20240101000000_init/migration.sql"
  printf 'CREATE INDEX users_email_idx ON users (email);\n' >"$m/20240102000000_index/migration.sql"
}
lint_finding='^prisma/migrations/20240102000000_index/migration.sql:1:1: error: .*\[require-concurrent-index\]'
