#!/usr/bin/env bash
# Precision against squawk 2.66: lints every project of the shared corpus with both tools
# and prints, per sluice rule, its findings, squawk's for the equivalent rule(s) and the
# ratio; then the rules only one tool has. A few seconds once built.
#   bench/precision.sh                 (corpus: ../shared/corpus, or $SLUICE_CORPUS)
#   bench/precision.sh --diff RULE     the places only one tool flags for sluice's RULE,
#                                      matched by file and line (the review's starting point)
# squawk runs with --assume-in-transaction: every migration tool of the corpus (Prisma,
# Diesel, ory/popx, postgres-migrations) runs a migration file in one transaction, and
# without it squawk reports an index or constraint on a table created in the same file.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${SLUICE_CORPUS:-../shared/corpus}
work=bench/.work/precision
diff_rule=
if [ "${1:-}" = "--diff" ]; then
  [ -n "${2:-}" ] || { echo "usage: bench/precision.sh [--diff RULE]" >&2; exit 2; }
  diff_rule=$2
fi
[ -d "$corpus" ] || { echo "bench/precision.sh: no corpus at $corpus (set SLUICE_CORPUS)" >&2; exit 2; }

ci/setup >/dev/null
ci/build >/dev/null
sluice=build/cli/sluice
source bench/squawk.sh

# squawk's rules and sluice's equivalent ("-": none). Several squawk rules can map to one
# sluice rule; a statement both flag then counts twice on squawk's side, as squawk reports it.
mapping='
adding-field-with-default         add-column-rewrite
adding-foreign-key-constraint     constraint-not-valid
adding-not-nullable-field         set-not-null
adding-required-field             add-column-required
adding-serial-primary-key-field   unique-constraint-without-index
ban-char-field                    ban-char
ban-concurrent-index-creation-in-transaction concurrently-in-transaction
ban-drop-column                   drop-column
ban-drop-database                 drop-database
ban-drop-not-null                 -
ban-drop-table                    drop-table
ban-truncate-cascade              truncate-table
ban-uncommitted-transaction       uncommitted-transaction
changing-column-type              change-column-type
constraint-missing-not-valid      constraint-not-valid
disallowed-unique-constraint      unique-constraint-without-index
identifier-too-long               identifier-too-long
prefer-big-int                    prefer-bigint
prefer-bigint-over-int            prefer-bigint
prefer-bigint-over-smallint       prefer-bigint
prefer-identity                   prefer-identity
prefer-robust-stmts               -
prefer-text-field                 prefer-text
prefer-timestamp-tz               prefer-timestamptz
renaming-column                   rename-column
renaming-table                    rename-table
require-concurrent-index-creation require-concurrent-index
require-concurrent-index-deletion require-concurrent-index-drop
require-concurrent-reindex        require-concurrent-reindex
require-enum-value-ordering       -
require-lock-timeout              require-lock-timeout
require-statement-timeout         -
syntax-error                      syntax-error
transaction-nesting               transaction-nesting
'

# A project is <kind>/<owner__repo>: each is linted on its own, as its CI would.
rm -rf "$work" && mkdir -p "$work"
mapfile -t projects < <(find "$corpus" -mindepth 2 -maxdepth 2 -type d | sort)
files=0
for project in "${projects[@]}"; do
  name=$(basename "$project")
  mapfile -d '' sql < <(find "$project" -type f -name '*.sql' -print0 | sort -z)
  files=$((files + ${#sql[@]}))
  # Both tools exit non-zero when they find something; an empty report is the failure.
  "$sluice" lint "$project" --format json --jobs 2 >"$work/$name.sluice.json" 2>/dev/null || true
  "$squawk" --assume-in-transaction --reporter json "${sql[@]}" >"$work/$name.squawk.json" 2>/dev/null || true
  for tool in sluice squawk; do
    [ -s "$work/$name.$tool.json" ] || { echo "bench/precision.sh: $tool produced no report for $project" >&2; exit 1; }
  done
done
# file<TAB>line<TAB>rule, lines 1-based (squawk's are 0-based), paths relative to the corpus.
jq -r --arg root "$corpus/" '.diagnostics[] | [(.file | ltrimstr($root)), .line, .rule] | @tsv' \
  "$work"/*.sluice.json >"$work/sluice.tsv"
jq -r --arg root "$corpus/" '.[] | [(.file | ltrimstr($root)), .line + 1, .rule_name] | @tsv' \
  "$work"/*.squawk.json >"$work/squawk.tsv"
printf '%s\n' "$mapping" | awk 'NF == 2' >"$work/mapping"

if [ -n "$diff_rule" ]; then
  awk -F'\t' -v r="$diff_rule" '$3 == r {print $1 ":" $2}' "$work/sluice.tsv" | sort -u >"$work/a"
  awk -v r="$diff_rule" '$2 == r {print $1}' "$work/mapping" >"$work/names"
  awk -F'\t' 'NR == FNR {n[$1]; next} $3 in n {print $1 ":" $2}' "$work/names" "$work/squawk.tsv" | sort -u >"$work/b"
  comm -23 "$work/a" "$work/b" | sed 's/^/sluice only  /'
  comm -13 "$work/a" "$work/b" | sed 's/^/squawk only  /'
  exit 0
fi

echo "corpus: ${#projects[@]} projects, $files .sql files; sluice $("$sluice" --version | head -1 | awk '{print $NF}'), $("$squawk" --version)"
awk -F'\t' -v OFS='\t' '
  FILENAME ~ /mapping$/ { split($0, f, " "); to[f[1]] = f[2]; next }
  FILENAME ~ /sluice.tsv$/ { sl[$3]++; next }
  { sq[$3]++ }
  END {
    for (r in sq) if (!(r in to)) to[r] = "?"
    for (r in to) if (to[r] != "-" && to[r] != "?") { names[to[r]] = names[to[r]] (names[to[r]] ? ", " : "") r; sqn[to[r]] += sq[r] }
    printf "%-32s %7s %7s %7s  %s\n", "sluice rule", "sluice", "squawk", "ratio", "squawk rule(s)"
    for (r in names) if (sl[r] + sqn[r] > 0)
      printf "%-32s %7d %7d %7s  %s\n", r, sl[r], sqn[r], sqn[r] ? sprintf("%.2f", sl[r] / sqn[r]) : "-", names[r] | "sort"
    close("sort")
    print "\nonly sluice has the rule:"
    for (r in sl) if (!(r in names)) printf "%-32s %7d\n", r, sl[r] | "sort"
    close("sort")
    print "\nonly squawk has the rule (\"?\": a rule the mapping above does not know yet):"
    for (r in sq) if (to[r] == "-" || to[r] == "?") printf "%-32s %15d%s\n", r, sq[r], (to[r] == "?" ? "  ?" : "") | "sort"
    close("sort")
  }' "$work/mapping" "$work/sluice.tsv" "$work/squawk.tsv"
