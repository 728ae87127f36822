#!/usr/bin/env bash
# Lint speed, CPU time and peak memory against squawk 2.66 (the closest peer), like for
# like: the same files, the same machine, one run, each pair's runs alternated.
#   bench/lint.sh             every .sql file of the corpus, named on one command line:
#                             sluice --format gcc / squawk --reporter gcc, json / json,
#                             text / squawk's default (tty); then the parser floor
#   bench/lint.sh --scaling   sluice on the corpus copied 1x, 4x and 16x (distinct folders)
#   bench/lint.sh --single    one migration checked against trigger.dev's history (the
#                             pre-commit case)
# RUNS (default 5) runs of each command after one warm-up; medians are printed, with the
# spread (slowest / fastest) as the noise of the run. Corpus: ../shared/corpus, or
# $SLUICE_CORPUS.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:---formats}
corpus=${SLUICE_CORPUS:-../shared/corpus}
runs=${RUNS:-5}
work=bench/.work
mkdir -p "$work"
[ -d "$corpus" ] || { echo "bench/lint.sh: no corpus at $corpus (set SLUICE_CORPUS)" >&2; exit 2; }

ci/setup >/dev/null
ci/build >/dev/null            # the parser-floor program (build/bench)
ci/build --release >/dev/null  # sluice as the .deb ships it, against squawk's release binary
sluice=build-release/cli/sluice
source bench/squawk.sh

# measureOnce NAME COMMAND...: appends "wall cpu rss" (seconds, seconds, KiB) to
# $work/samples.NAME. Standard input: $STDIN_FILE, else nothing. Both tools exit
# non-zero when they find something: only the measurement matters.
measureOnce() {
  local name=$1 start=$EPOCHREALTIME
  shift
  /usr/bin/time -o "$work/time" -f '%U %S %M' "$@" <"${STDIN_FILE:-/dev/null}" >/dev/null 2>&1 || true
  local end=$EPOCHREALTIME
  read -r user system rss < <(tail -1 "$work/time")
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN {print e - s}') $(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}') $rss" \
    >>"$work/samples.$name"
}

# summary FILE: "median-wall median-cpu peak-rss wall-spread" of a samples file.
summary() {
  awk '{w[NR] = $1; c[NR] = $2; if ($3 > r) r = $3}
       function median(a, n,   i, j, t) {
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
         return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
       END { n = NR; for (i = 1; i <= n; i++) ww[i] = w[i]; m = median(ww, n)
             printf "%.3f %.3f %d %.2f\n", m, median(c, n), r, ww[n] / ww[1] }' "$1"
}

# pair LABEL "SLUICE ARGS" "SQUAWK ARGS" FILES...: RUNS runs of each tool, alternated
# (sluice first in odd runs, squawk first in even ones), then the table rows and ratios.
pair() {
  local label=$1 sluiceArgs=$2 squawkArgs=$3
  shift 3
  local -a a b
  read -r -a a <<<"$sluiceArgs"
  read -r -a b <<<"$squawkArgs"
  rm -f "$work"/samples.*
  "$sluice" "${a[@]}" "$@" </dev/null >/dev/null 2>&1 || true  # warm the page cache
  "$squawk" "${b[@]}" "$@" </dev/null >/dev/null 2>&1 || true
  for i in $(seq "$runs"); do
    if ((i % 2)); then
      measureOnce sluice "$sluice" "${a[@]}" "$@"
      measureOnce squawk "$squawk" "${b[@]}" "$@"
    else
      measureOnce squawk "$squawk" "${b[@]}" "$@"
      measureOnce sluice "$sluice" "${a[@]}" "$@"
    fi
  done
  read -r sw sc sr ss < <(summary "$work/samples.sluice")
  read -r qw qc qr qs < <(summary "$work/samples.squawk")
  printf '%-6s %-7s %8.3f s %8.3f s %8.1f MiB %6.2f\n' "$label" sluice "$sw" "$sc" "$(awk -v k="$sr" 'BEGIN {print k / 1024}')" "$ss"
  printf '%-6s %-7s %8.3f s %8.3f s %8.1f MiB %6.2f\n' "" squawk "$qw" "$qc" "$(awk -v k="$qr" 'BEGIN {print k / 1024}')" "$qs"
  awk -v l="$label" -v sw="$sw" -v sc="$sc" -v sr="$sr" -v qw="$qw" -v qc="$qc" -v qr="$qr" 'BEGIN {
    printf "%-6s ratio: sluice %.2fx faster in wall time, %.2fx less CPU time, %.2fx squawk'"'"'s peak memory\n",
      l, qw / sw, qc / sc, sr / qr }'
  echo "       sluice: $sluice ${a[*]} <files>"
  echo "       squawk: $squawk ${b[*]} <files>"
  eval "${label}_sluice_cpu=$sc"
}

header() { printf '%-6s %-7s %10s %10s %12s %6s\n' format tool wall cpu "peak RSS" spread; }

# One case of --scaling and --single: RUNS runs of sluice alone.
solo() {
  local label=$1
  shift
  rm -f "$work"/samples.*
  "$sluice" "$@" <"${STDIN_FILE:-/dev/null}" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do measureOnce solo "$sluice" "$@"; done
  read -r w c r s < <(summary "$work/samples.solo")
  printf '%-14s %8.3f s %8.3f s %8.1f MiB %6.2f\n' "$label" "$w" "$c" "$(awk -v k="$r" 'BEGIN {print k / 1024}')" "$s"
}

echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $runs runs each, medians"
case "$mode" in
  --formats)
    mapfile -d '' files < <(find "$corpus" -type f -name '*.sql' -print0 | sort -z)
    bytes=$(cat "${files[@]}" | wc -c)
    echo "corpus: ${#files[@]} files, $((bytes / 1024)) KiB, all named on each command line"
    echo "spread: slowest / fastest wall time of the runs (the noise)"
    header
    pair gcc "lint --format gcc" "--reporter gcc" "${files[@]}"
    pair json "lint --format json" "--reporter json" "${files[@]}"
    pair text "lint --format text --color never" "" "${files[@]}"
    # The floor: libpg_query alone on the same files, one thread (bench/parse_floor.cpp).
    read -r _ raw < <(printf '%s\n' "${files[@]}" | build/bench/sluice_parse_floor | grep raw-parse)
    read -r _ json < <(printf '%s\n' "${files[@]}" | build/bench/sluice_parse_floor | grep json-parse)
    awk -v r="$raw" -v j="$json" -v g="$gcc_sluice_cpu" 'BEGIN {
      printf "parser floor (one thread): raw parse %.3f s, parse with JSON tree %.3f s; sluice --format gcc CPU time is %.1fx the raw parse, %.1fx the JSON parse\n", r, j, g / r, g / j }'
    echo "       floor: build/bench/sluice_parse_floor < <the same files, one per line>"
    ;;
  --scaling)
    echo "sluice $sluice lint --format gcc <folder>: the corpus copied N times, each copy its own folder"
    printf '%-14s %10s %10s %12s %6s\n' copies wall cpu "peak RSS" spread
    for n in 1 4 16; do
      dir=$work/scale/$n
      if [ ! -d "$dir" ]; then
        for k in $(seq "$n"); do
          mkdir -p "$dir"
          cp -al "$corpus" "$dir/copy$k" 2>/dev/null || cp -r "$corpus" "$dir/copy$k"
        done
      fi
      solo "${n}x" lint --format gcc "$dir"
    done
    ;;
  --single)
    history=$corpus/prisma/triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations
    newest=$(find "$history" -name migration.sql | sort | tail -1)
    echo "one migration of $(find "$history" -name migration.sql | wc -l) (trigger.dev), its history read for the schema model"
    printf '%-14s %10s %10s %12s %6s\n' case wall cpu "peak RSS" spread
    solo "one file" lint --format gcc "$newest"
    STDIN_FILE=$newest solo "staged (hook)" lint --format gcc - --stdin-filename "$newest"
    echo "       $sluice lint --format gcc $newest"
    # What this way of measuring costs by itself: /usr/bin/time and the start of a process
    # that does nothing, measured the same way (so the 50 ms goal reads against wall - floor).
    rm -f "$work"/samples.*
    for _ in $(seq "$runs"); do measureOnce solo /bin/true; done
    read -r w _ _ _ < <(summary "$work/samples.solo")
    printf 'floor: /bin/true measured the same way takes %.3f s\n' "$w"
    ;;
  *) echo "usage: bench/lint.sh [--formats|--scaling|--single]" >&2; exit 2 ;;
esac
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
