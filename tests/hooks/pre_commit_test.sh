#!/usr/bin/env bash
# ci/pre-commit installed in a throwaway repository: a commit that stages a dangerous
# migration is refused with the finding; the staged content is what is linted (not the
# working tree); unrelated commits and clean migrations go through.
# Usage: pre_commit_test.sh SLUICE HOOK
set -uo pipefail
export SLUICE=$(realpath "$1")
hook=$(realpath "$2")
source "$(dirname "$0")/../support/shell_checks.sh" sluice-hook

commit() { git commit -qm "$1" >"$work/out" 2>&1; echo $?; }

source "$(dirname "$0")/../support/only_rules.sh"
cd "$work" && git init -q -b main repo && cd repo
only_rules "$SLUICE" drop-table require-concurrent-index syntax-error unused-ignore > .sluice.toml
install -m 755 "$hook" "$(git rev-parse --git-path hooks)/pre-commit"
mkdir -p db/migrations src
printf 'CREATE TABLE users (id bigint PRIMARY KEY);\n' > db/migrations/20240101000000_init.sql
printf 'SELECT 1;\n' > db/seed.sql
git add -A
check "a clean first migration is committed" 0 "$(commit init)"

echo 'console.log(1)' > src/app.js
git add src/app.js
check "an unrelated commit does not even start sluice" 0 "$(SLUICE=/nonexistent/sluice commit app)"

printf 'DROP TABLE users;\n' > db/migrations/20240201000000_drop.sql
git add db/migrations/20240201000000_drop.sql
check "a dangerous migration is refused" 1 "$(commit drop)"
check "with the finding, read against the history" 1 \
  "$(grep -c 'dropping table `users`, created in 20240101000000_init' "$work/out")"
check "and the file position" 1 "$(grep -c -- '--> db/migrations/20240201000000_drop.sql:1:1' "$work/out")"

# Staged: safe. Working tree: dangerous. The commit holds the staged version.
printf 'CREATE TABLE orders (id bigint);\n' > db/migrations/20240201000000_drop.sql
git add db/migrations/20240201000000_drop.sql
printf 'DROP TABLE users;\n' > db/migrations/20240201000000_drop.sql
check "the staged content is linted, not the working tree" 0 "$(commit orders)"

# Staged: dangerous. Working tree: fixed but not staged.
printf 'CREATE INDEX users_id ON users (id);\n' > db/migrations/20240301000000_index.sql
git add db/migrations/20240301000000_index.sql
printf 'CREATE INDEX CONCURRENTLY users_id ON users (id);\n' > db/migrations/20240301000000_index.sql
check "an unstaged fix does not hide the staged problem" 1 "$(commit index)"
check "require-concurrent-index reported once" 1 "$(grep -c '^error\[require-concurrent-index' "$work/out")"
git add db/migrations/20240301000000_index.sql
check "staging the fix lets it through" 0 "$(commit index)"

git config sluice.hookPaths 'db/migrations/*.sql'
printf 'DROP TABLE users;\n' > db/seed.sql
git add db/seed.sql
check "sluice.hookPaths limits the files linted" 0 "$(commit seed)"

git config sluice.hookArgs '--fail-on warning'
printf -- '-- sluice:ignore drop-table\nCREATE TABLE t (id bigint);\n' > db/migrations/20240401000000_t.sql
git add db/migrations/20240401000000_t.sql
check "sluice.hookArgs passes options (a warning fails)" 1 "$(commit t)"

SLUICE=/nonexistent/sluice git commit -qm t >"$work/out" 2>&1
check "a missing sluice binary blocks with a clear message" 1 "$(grep -c 'not found; install sluice' "$work/out")"

finish
