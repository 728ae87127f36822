#!/usr/bin/env bash
# `sluice lint --changed-since` in a throwaway git repository: only what the branch adds
# or changes is reported, against a schema model built from the whole history; merged
# migrations that were edited or deleted are `edited-migration` errors; git problems are
# clear errors. Usage: changed_since_test.sh SLUICE
set -uo pipefail
sluice=$(realpath "$1")
source "$(dirname "$0")/../support/shell_checks.sh" sluice-changed

lint() { (cd "$repo" && "$sluice" lint --format gcc "$@" 2>&1; echo "exit $?"); }
# Findings sorted by file, then the exit code.
lint_sorted() {
  local out code
  out=$(cd "$repo" && "$sluice" lint --format gcc "$@" 2>&1)
  code=$?
  [ -n "$out" ] && printf '%s\n' "$out" | sort
  echo "exit $code"
}

source "$(dirname "$0")/../support/only_rules.sh"
repo=$work/repo
mkdir -p "$repo/prisma/migrations"
cd "$repo" && git init -q -b main
only_rules "$sluice" drop-table edited-migration syntax-error require-concurrent-index > .sluice.toml
m=prisma/migrations
printf 'provider = "postgresql"\n' > $m/migration_lock.toml
mkdir $m/20240101000000_init $m/20240102000000_orders $m/20240103000000_audit
printf 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n' > $m/20240101000000_init/migration.sql
printf 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n' > $m/20240102000000_orders/migration.sql
printf 'CREATE TABLE audit (id bigint);\n' > $m/20240103000000_audit/migration.sql
printf 'DROP TABLE audit;\n' > $m/20240103000000_audit/down.sql
git add -A && git commit -qm base

check "nothing changed: nothing reported" "exit 0" "$(lint --changed-since main)"

git checkout -qb feature
# A new migration whose verdicts need the history: `users` comes from the first migration.
mkdir $m/20240201000000_cleanup
printf 'DROP TABLE users;\nCREATE TABLE scratch (id bigint);\nDROP TABLE scratch;\n' > $m/20240201000000_cleanup/migration.sql
# A merged migration edited on line 2, another deleted.
printf 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n' > $m/20240101000000_init/migration.sql
git rm -q $m/20240102000000_orders/migration.sql
# A rollback fixed: linted, but rollbacks are not deployed history.
printf 'DROP TABLE audit;\nDROP TABLE users;\n' > $m/20240103000000_audit/down.sql
git add -A && git commit -qm feature

expected="prisma/migrations/20240101000000_init/migration.sql:2:1: error: migration \`20240101000000_init\` was already merged in main (merge base $(git rev-parse --short=8 main)) and has been changed since (first change on this line); databases that applied it recorded its old checksum, so the next deploy stops [edited-migration]
prisma/migrations/20240102000000_orders/migration.sql:1:1: error: migration \`20240102000000_orders\` was already merged in main (merge base $(git rev-parse --short=8 main)) and has been deleted since; databases that applied it still list it in their history, and new databases will be built without it [edited-migration]
prisma/migrations/20240103000000_audit/down.sql:2:1: error: dropping table \`users\`, created in 20240101000000_init, deletes its data; code that still reads it will fail [drop-table]
prisma/migrations/20240201000000_cleanup/migration.sql:1:1: error: dropping table \`users\`, created in 20240101000000_init, deletes its data; code that still reads it will fail [drop-table]
exit 1"
check "branch changes against main" "$expected" "$(lint_sorted --changed-since main)"
check "the same from a subfolder, naming the folder" "$expected" \
  "$(cd "$repo/prisma" && "$sluice" lint --format gcc --changed-since main migrations 2>&1 | sed 's|^migrations/|prisma/migrations/|' | sort; echo "exit ${PIPESTATUS[0]}")"
check "edited-migration can be turned off" "0" "$(lint --changed-since main --exclude-rule edited-migration | grep -c edited-migration)"

# Working-tree changes count: staged, unstaged and untracked files.
git checkout -q main
mkdir $m/20240301000000_untracked
printf 'DROP TABLE accounts;\n' > $m/20240301000000_untracked/migration.sql
printf '\n-- a comment is an edit too\n' >> $m/20240103000000_audit/migration.sql
expected_wt="prisma/migrations/20240103000000_audit/migration.sql:2:1: error: migration \`20240103000000_audit\` was already merged in HEAD (merge base $(git rev-parse --short=8 HEAD)) and has been changed since (first change on this line); databases that applied it recorded its old checksum, so the next deploy stops [edited-migration]
prisma/migrations/20240301000000_untracked/migration.sql:1:1: error: dropping table \`accounts\`, created in 20240101000000_init, deletes its data; code that still reads it will fail [drop-table]
exit 1"
check "untracked and unstaged changes against HEAD" "$expected_wt" "$(lint_sorted --changed-since HEAD)"
git checkout -q -- . && rm -rf $m/20240301000000_untracked

check "unknown ref" "error: --changed-since: unknown git ref \`no-such-branch\`
  = hint: name a branch, tag or commit that exists locally; in CI, fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin no-such-branch)
exit 2" "$(lint --changed-since no-such-branch)"
check "standard input has no git history" "exit 2" "$(echo 'SELECT 1;' | lint - --changed-since main | tail -1)"
check "an option-like ref is not an option" "exit 2" "$(lint --changed-since=--output=x | tail -1)"

mkdir "$work/plain" && cp -r "$repo/prisma" "$work/plain/"
check "not a git repository" "exit 2" "$(cd "$work/plain" && GIT_CEILING_DIRECTORIES=$work "$sluice" lint --changed-since main prisma/migrations >/dev/null 2>&1; echo "exit $?")"
check "not a git repository: message" "error: --changed-since: $work/plain is not in a git repository" \
  "$(cd "$work/plain" && GIT_CEILING_DIRECTORIES=$work "$sluice" lint --changed-since main prisma/migrations 2>&1 | head -1)"

# A shallow clone without the base: the hint says how to fetch it.
git clone -q --depth 1 "file://$repo" "$work/shallow" 2>/dev/null
git -C "$work/shallow" fetch -q --depth 1 origin feature:feature 2>/dev/null
check "shallow clone without a merge base" "exit 2" "$(cd "$work/shallow" && "$sluice" lint --changed-since feature >/dev/null 2>&1; echo "exit $?")"

finish
