#!/usr/bin/env bash
# Generated rollbacks on the shared corpus: `sluice rollback generate` writes a rollback
# for every migration, `sluice verify` checks each round trip on a throwaway PostgreSQL.
#   - up/down projects (Lemmy, Kratos): the hand-written rollbacks are removed in a copy
#     and generated instead; the anchor is `sluice verify` of the hand-written ones.
#   - Prisma projects: down.sql generated for every migration (they have none).
# A migration counts as reversible when its rollback has no `-- sluice: cannot generate`
# line. Prints, per project, how many rollbacks round-trip, against the anchor.
#   bench/rollback_generate.sh CORPUS_DIR        (or SLUICE_CORPUS=...; the corpus is read, never copied into the repo)
#   PROJECTS="updown/ory__kratos/persistence/sql/migrations/sql" bench/rollback_generate.sh CORPUS_DIR
#   ANCHOR=0 ...: skip the hand-written anchor
set -euo pipefail
cd "$(dirname "$0")/.."
sluice=$(realpath "${SLUICE:-build/cli/sluice}")
corpus=$(realpath "${1:-${SLUICE_CORPUS:?give the corpus folder as an argument or in SLUICE_CORPUS}}")
[ -x "$sluice" ] || { echo "no $sluice: run ci/build first" >&2; exit 2; }
anchor=${ANCHOR:-1}
projects=${PROJECTS:-"updown/LemmyNet__lemmy/migrations updown/ory__kratos/persistence/sql/migrations/sql
$(cd "$corpus" && find prisma -name migration_lock.toml -printf '%h\n' | sort)"}
work=$(mktemp -d /tmp/sluice-rollgen-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "sluice rollback generate: $sluice rollback generate --dir COPY --write"
echo "verify:                   $sluice verify COPY --format json   (anchor: the same on the original folder)"
printf '%-58s %5s %10s %9s %9s %8s %8s %7s %9s\n' project migr reversible verified unreached differs fails other anchor
total_reversible=0; total_verified=0; total_reversible_verified=0; total_unreached=0
for project in $projects; do
  name=$(echo "$project" | tr / _)
  copy="$work/$name"
  mkdir -p "$copy"
  cp -r "$corpus/$project/." "$copy/"
  # The hand-written rollbacks go: every rollback is generated.
  find "$copy" \( -name down.sql -o -name '*.down.sql' -o -name '*_rollback.sql' \) -delete
  "$sluice" rollback generate --dir "$copy" --write > "$work/$name.generate.out" 2> "$work/$name.generate.err" || true
  # Migrations with a `cannot generate` line (stderr: "<id>: N change(s) sluice cannot undo").
  grep -o '^[^ ]*: [0-9]* change(s) sluice cannot undo' "$work/$name.generate.err" | sed 's/: .*//' | sort -u \
    > "$work/$name.incomplete" || true
  "$sluice" verify "$copy" --format json > "$work/$name.verify.json" 2> "$work/$name.verify.err" || true
  jq -r '.migrations[] | "\(.id)\t\(.status)"' "$work/$name.verify.json" > "$work/$name.status" 2>/dev/null || : > "$work/$name.status"
  migrations=$(wc -l < "$work/$name.status")
  incomplete=$(wc -l < "$work/$name.incomplete")
  reversible=$(( migrations - incomplete ))
  verified=$(awk -F'\t' '$2 == "verified"' "$work/$name.status" | wc -l)
  reversible_verified=$(awk -F'\t' 'NR == FNR { skip[$1] = 1; next } $2 == "verified" && !($1 in skip)' \
    "$work/$name.incomplete" "$work/$name.status" | wc -l)
  # Reversible migrations verify never reached: an earlier migration does not apply on this
  # PostgreSQL (Lemmy's later history uses PostgreSQL 16 syntax), so no verdict either way.
  unreached=$(awk -F'\t' 'NR == FNR { skip[$1] = 1; next } ($2 == "not reached" || $2 == "does not apply") && !($1 in skip)' \
    "$work/$name.incomplete" "$work/$name.status" | wc -l)
  differs=$(awk -F'\t' '$2 == "differs"' "$work/$name.status" | wc -l)
  fails=$(awk -F'\t' '$2 == "rollback fails" || $2 == "does not re-apply"' "$work/$name.status" | wc -l)
  other=$(( migrations - verified - differs - fails ))
  anchor_text=-
  if [ "$anchor" = 1 ] && [ "${project%%/*}" = updown ]; then
    "$sluice" verify "$corpus/$project" --format json > "$work/$name.anchor.json" 2>/dev/null || true
    anchor_text=$(jq -r '[.migrations[] | select(.status != "no rollback" and .status != "not reached" and .status != "does not apply")] as $c
      | "\([$c[] | select(.status == "verified")] | length)/\($c | length)"' "$work/$name.anchor.json")
  fi
  printf '%-58s %5d %10d %9s %9d %8d %8d %7d %9s\n' "$project" "$migrations" "$reversible" \
    "$reversible_verified/$reversible" "$unreached" "$differs" "$fails" "$other" "$anchor_text"
  total_reversible=$(( total_reversible + reversible ))
  total_unreached=$(( total_unreached + unreached ))
  total_reversible_verified=$(( total_reversible_verified + reversible_verified ))
  total_verified=$(( total_verified + verified ))
  # Failure classes: the verify findings on generated rollbacks, by rule and message shape.
  jq -r '.diagnostics[]? | "\(.rule): \(.message)"' "$work/$name.verify.json" 2>/dev/null \
    | sed -E 's/`[^`]*`/`X`/g' | sort | uniq -c | sort -rn | head -n "${CLASSES:-8}" | sed 's/^/    /' || true
  grep -ho 'sluice: cannot generate [^:`]*' "$copy" -r 2>/dev/null | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /' || true
done
if [ "$total_reversible" -gt 0 ]; then
  echo "reversible migrations whose generated rollback round-trips: $total_reversible_verified/$total_reversible" \
       "($(( 100 * total_reversible_verified / total_reversible ))%); all verified: $total_verified"
  reached=$(( total_reversible - total_unreached ))
  [ "$reached" -gt 0 ] && echo "of those verify reached on this PostgreSQL: $total_reversible_verified/$reached" \
       "($(( 100 * total_reversible_verified / reached ))%)"
fi
