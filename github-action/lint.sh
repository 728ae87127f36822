#!/usr/bin/env bash
# The action's lint step, runnable (and tested) outside GitHub with a faked environment.
# Reads INPUT_* variables (set from the action's inputs through `env:`), runs
# `sluice lint` once per output (the lint itself takes milliseconds):
#   github format on stdout   the runner turns it into annotations on the diff
#   SARIF into INPUT_SARIF_FILE for github/codeql-action/upload-sarif
#   markdown appended to $GITHUB_STEP_SUMMARY
# and writes errors, warnings and sarif-file to $GITHUB_OUTPUT. Exits with sluice's
# exit code: 0 clean, 1 findings at or above fail-on, 2 usage or input error.
set -euo pipefail

sluice=${SLUICE:-sluice}
scratch=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/sluice-action-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

args=(lint --color never)
if [ -n "${INPUT_PATH:-}" ]; then
  # One path per line when there are several lines (paths with spaces), else words.
  if [[ "$INPUT_PATH" == *$'\n'* ]]; then
    while IFS= read -r line; do [ -n "$line" ] && args+=("$line"); done <<<"$INPUT_PATH"
  else
    read -r -a words <<<"$INPUT_PATH"
    args+=("${words[@]}")
  fi
fi
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_PG_VERSION:-}" ] && args+=(--pg-version "$INPUT_PG_VERSION")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")

# What the change is compared with: the input, else the pull request's base branch.
ref=${INPUT_CHANGED_SINCE:-}
if [ -z "$ref" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  ref="origin/$GITHUB_BASE_REF"
  # actions/checkout fetches only the merge commit by default: fetch the base branch,
  # and enough history for a merge base.
  if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
    echo "sluice: fetching $GITHUB_BASE_REF to compare with"
    git fetch --no-tags --quiet origin "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF"
  fi
  if ! git merge-base "$ref" HEAD >/dev/null 2>&1 && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    echo "sluice: fetching full history for a merge base (set fetch-depth: 0 on actions/checkout to skip this)"
    git fetch --no-tags --quiet --unshallow origin "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF"
  fi
fi
if [ -n "$ref" ] && [ "$ref" != none ]; then
  args+=(--changed-since "$ref")
  echo "sluice: linting migrations added or changed since $ref"
fi

sarif=${INPUT_SARIF_FILE:-sluice.sarif}
status=0
"$sluice" "${args[@]}" --format github | tee "$scratch/annotations" || status=${PIPESTATUS[0]}
if [ "$status" -ge 2 ]; then
  echo "::error title=sluice lint::sluice lint could not run (exit $status); see the log above"
fi
mkdir -p "$(dirname "$sarif")"
"$sluice" "${args[@]}" --format sarif --output "$sarif" >/dev/null 2>"$scratch/sarif.err" || true
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if "$sluice" "${args[@]}" --format markdown --output "$scratch/summary.md" >/dev/null 2>&1 || [ -s "$scratch/summary.md" ]; then
    cat "$scratch/summary.md" >>"$GITHUB_STEP_SUMMARY"
  fi
fi

# The last line of the github format is the summary: "2 errors, 1 warning in 3 files".
summary=$(tail -n 1 "$scratch/annotations")
errors=0
warnings=0
[[ "$summary" =~ ^([0-9]+)\ errors?,\ ([0-9]+)\ warnings? ]] && errors=${BASH_REMATCH[1]} && warnings=${BASH_REMATCH[2]}
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "errors=$errors"
    echo "warnings=$warnings"
    if [ -f "$sarif" ]; then echo "sarif-file=$sarif"; fi
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
