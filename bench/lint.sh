#!/usr/bin/env bash
# Lint speed and memory against squawk 2.66 (the closest peer), same files, same machine,
# one run: every .sql file of the shared corpus, RUNS repetitions each (default 5).
# Prints the median wall time, files per second, peak memory and the ratios.
#   bench/lint.sh                     (corpus: ../shared/corpus, or $SLUICE_CORPUS)
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${SLUICE_CORPUS:-../shared/corpus}
runs=${RUNS:-5}
work=bench/.work
mkdir -p "$work"
[ -d "$corpus" ] || { echo "bench/lint.sh: no corpus at $corpus (set SLUICE_CORPUS)" >&2; exit 2; }

ci/setup >/dev/null
ci/build >/dev/null
sluice=build/cli/sluice
source bench/squawk.sh

mapfile -d '' files < <(find "$corpus" -type f -name '*.sql' -print0 | sort -z)
bytes=$(cat "${files[@]}" | wc -c)
echo "corpus: ${#files[@]} files, $((bytes / 1024)) KiB; $(nproc) cores; $runs runs each"

# measure NAME COMMAND...: median wall seconds and peak RSS (KiB) over $runs runs.
measure() {
  local name=$1
  shift
  local times=() peak=0 line
  "$@" >/dev/null 2>&1 || true  # warm the page cache
  for _ in $(seq "$runs"); do
    # Both tools exit non-zero when they find something: only the measurement matters.
    /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$work/time")
    times+=("${line% *}")
    [ "${line#* }" -gt "$peak" ] && peak=${line#* }
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  printf '%-8s %8.3f s %10.0f files/s %8.1f MiB peak\n' "$name" "$median" \
    "$(awk -v n="${#files[@]}" -v t="$median" 'BEGIN {print (t > 0) ? n / t : 0}')" "$(awk -v k="$peak" 'BEGIN {print k / 1024}')"
  eval "${name}_time=$median ${name}_peak=$peak"
}

measure squawk "$squawk" "${files[@]}"
measure sluice "$sluice" lint "${files[@]}"

awk -v a="$squawk_time" -v b="$sluice_time" -v c="$squawk_peak" -v d="$sluice_peak" 'BEGIN {
  printf "ratio: sluice is %.1fx faster than squawk, with %.2fx its peak memory\n", a / b, d / c }'
