# Sourced by the shell tests:
#   source "$(dirname "$0")/../support/shell_checks.sh" PREFIX
# gives a throwaway folder `$work` (removed on exit), git that reads no user or system
# configuration and commits as a fixed author, `check NAME EXPECTED ACTUAL`, and
# `finish`, which prints "N passed, N failed" and fails when one check did.
work=$(mktemp -d "${TMPDIR:-/tmp}/$1-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com

passed=0
failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1)); echo "ok   $1"
  else
    failed=$((failed + 1)); printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
  fi
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
