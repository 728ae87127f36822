#!/usr/bin/env bash
# .pre-commit-hooks.yaml run by the pre-commit framework itself (Debian's pre-commit):
# the manifest is valid, the hook runs sluice on the staged .sql files only and fails
# the commit on findings. Usage: pre_commit_framework_test.sh SLUICE MANIFEST
set -uo pipefail
sluice=$(realpath "$1")
manifest=$(realpath "$2")
source "$(dirname "$0")/../support/shell_checks.sh" sluice-precommit
export PRE_COMMIT_HOME=$work/cache
export PATH=$(dirname "$sluice"):$PATH
if ! command -v pre-commit >/dev/null; then
  echo "pre-commit is not installed: run ci/setup"
  exit 1
fi

# The hook repository: just the manifest, committed.
git init -q -b main "$work/hooks" && cp "$manifest" "$work/hooks/.pre-commit-hooks.yaml"
git -C "$work/hooks" add -A && git -C "$work/hooks" commit -qm hooks

git init -q -b main "$work/project" && cd "$work/project"
mkdir -p db/migrations
printf 'CREATE TABLE users (id bigint);\n' > db/migrations/20240101000000_a.sql
printf 'README\n' > README.md
git add -A && git commit -qm base

try() { pre-commit try-repo "$work/hooks" sluice-lint >"$work/out" 2>&1; echo $?; }

echo more >> README.md && git add README.md
check "no staged migration: passes" 0 "$(try)"
check "and says it skipped" 1 "$(grep -c 'sluice lint.*(no files to check)Skipped' "$work/out")"

printf 'DROP TABLE users;\n' > db/migrations/20240102000000_b.sql && git add -A
check "a staged dangerous migration fails" 1 "$(try)"
check "with sluice's finding" 1 "$(grep -c 'dropping table `users`, created in 20240101000000_a' "$work/out")"

finish
