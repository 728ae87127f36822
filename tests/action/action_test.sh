#!/usr/bin/env bash
# github-action/lint.sh with a faked GitHub Actions environment: a throwaway repository
# with a base commit on main (pushed to a local "origin") and a pull request's head
# commit, checked out the way actions/checkout does (only the head, no base branch).
# Checks annotations, outputs, the job summary and the SARIF file.
# Usage: action_test.sh SLUICE ACTION_DIR
set -uo pipefail
export SLUICE=$(realpath "$1")
action=$(realpath "$2")
source "$(dirname "$0")/../support/shell_checks.sh" sluice-action-test

# The project: Prisma migrations on main, a pull request branch that adds a dangerous
# migration and edits a merged one.
source "$(dirname "$0")/../support/only_rules.sh"
git init -q -b main "$work/project" && cd "$work/project"
m=prisma/migrations
mkdir -p $m/20240101000000_init $m/20240102000000_orders
printf 'provider = "postgresql"\n' > $m/migration_lock.toml
printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' > $m/20240101000000_init/migration.sql
printf 'CREATE TABLE orders (id bigint PRIMARY KEY);\nDROP TABLE orders;\n' > $m/20240102000000_orders/migration.sql
only_rules "$SLUICE" drop-table edited-migration syntax-error require-concurrent-index > .sluice.toml
git add -A && git commit -qm base
git checkout -qb feature
mkdir $m/20240201000000_index_users
printf 'CREATE INDEX users_email_idx ON users (email);\n' > $m/20240201000000_index_users/migration.sql
printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n' > $m/20240101000000_init/migration.sql
git add -A && git commit -qm feature
git clone -q --bare "$work/project" "$work/origin.git"

# The runner's checkout: the head branch only, like actions/checkout's default.
git clone -q --single-branch --branch feature "$work/origin.git" "$work/workspace"

run_action() {  # run_action [VAR=value...]: runs lint.sh in the workspace; prints its exit code
  rm -f "$work/output" "$work/summary" "$work/stdout"
  (cd "$work/workspace" && env GITHUB_ACTIONS=true GITHUB_WORKSPACE="$work/workspace" GITHUB_EVENT_NAME=pull_request \
    GITHUB_BASE_REF=main GITHUB_HEAD_REF=feature GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
    RUNNER_TEMP="$work" INPUT_PATH= INPUT_FAIL_ON=error INPUT_PG_VERSION= INPUT_CONFIG= INPUT_CHANGED_SINCE= \
    INPUT_SARIF_FILE=sluice.sarif "$@" bash "$action/lint.sh" >"$work/stdout" 2>&1)
  echo $?
}

check "pull request with findings fails the step" 1 "$(run_action)"
check "the base branch was fetched to compare with" 1 "$(grep -c '^sluice: fetching main' "$work/stdout")"
check "outputs" "errors=2
warnings=0
sarif-file=sluice.sarif" "$(cat "$work/output")"
check "annotation for the new migration" 1 "$(grep -c '^::error file=prisma/migrations/20240201000000_index_users/migration.sql,line=1,col=1,endLine=1,endColumn=45,title=sluice require-concurrent-index (L001)::creating an index on table `users`, created in 20240101000000_init' "$work/stdout")"
check "annotation for the edited migration" 1 "$(grep -c '^::error file=prisma/migrations/20240101000000_init/migration.sql,line=1,.*title=sluice edited-migration (M004)::migration `20240101000000_init` was already merged in origin/main' "$work/stdout")"
check "the unchanged merged migration is not linted" 0 "$(grep -c '20240102000000_orders' "$work/stdout")"
check "summary heading" "### :x: sluice lint: 2 errors, 0 warnings in 2 files" "$(head -1 "$work/summary")"
check "summary rows link to the rule docs" 1 \
  "$(grep -c '^| :x: error | \[require-concurrent-index\](https://.*/rules/require-concurrent-index.md) `L001` | `prisma/migrations/20240201000000_index_users/migration.sql:1:1` |' "$work/summary")"
check "SARIF written with both results" 2 "$(grep -c '"ruleId"' "$work/workspace/sluice.sarif")"

echo "# an earlier step's summary" > "$work/previous"
check "fail-on warning, everything linted (changed-since: none)" 1 "$(run_action INPUT_CHANGED_SINCE=none INPUT_FAIL_ON=warning)"
check "all three migrations linted" "3" "$(grep -o 'in [0-9]* files' "$work/summary" | grep -o '[0-9]*')"
check "drop of a table created in the same migration is not a finding" 0 "$(grep -c 'orders' "$work/stdout")"

check "an explicit ref and path" 1 "$(run_action INPUT_CHANGED_SINCE=origin/main INPUT_PATH="prisma/migrations" INPUT_SARIF_FILE=out/x.sarif)"
check "sarif-file output follows the input" "sarif-file=out/x.sarif" "$(grep sarif-file "$work/output")"

# The head fixed: only an added, safe migration remains.
(cd "$work/workspace" && git checkout -q origin/main -- $m/20240101000000_init/migration.sql &&
  printf 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n' > $m/20240201000000_index_users/migration.sql &&
  git commit -qam fix)
check "a clean pull request passes" 0 "$(run_action)"
check "clean outputs" "errors=0
warnings=0
sarif-file=sluice.sarif" "$(cat "$work/output")"
check "clean summary" "### :white_check_mark: sluice lint: 0 errors, 0 warnings in 1 file" "$(head -1 "$work/summary")"

check "an unknown ref is an input error" 2 "$(run_action INPUT_CHANGED_SINCE=no-such-ref)"
check "and says so in an annotation" 1 "$(grep -c '^::error title=sluice lint::sluice lint could not run (exit 2)' "$work/stdout")"
check "with git's reason in the log" 1 "$(grep -c 'unknown git ref `no-such-ref`' "$work/stdout")"

finish
