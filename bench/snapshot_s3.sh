#!/usr/bin/env bash
# Restoring a snapshot kept in an S3-compatible bucket, two ways, in one run:
#   once:  sluice's default, each object downloaded once (still encrypted) into $TMPDIR,
#          then verified and restored from that copy;
#   twice: every object read twice from the bucket, a verification pass and a restore
#          pass (what sluice does when $TMPDIR is unusable: here TMPDIR names a missing
#          folder).
# The bucket is s3rver (tests/s3, installed by ci/setup) on 127.0.0.1; the database a
# throwaway PostgreSQL with `pgbench -i -s N` plus N wide documents (bench/snapshot_database.sh).
#
#   bench/snapshot_s3.sh [--scale N] [--documents N] [--runs N]
#
# Each restore is repeated --runs times (default 3), interleaved, and the median is
# reported. Needs build/cli/sluice (ci/build).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=10
documents=140000
runs=3
s3rver=$PWD/tests/s3/node_modules/.bin/s3rver
[ -x "$s3rver" ] || { echo "bench: s3rver is missing: run ci/setup" >&2; exit 2; }
. "$(dirname "$0")/snapshot_database.sh" bench-s3 "$@"

s3port=$((port + 1))
mkdir "$work/bucket"
"$s3rver" -d "$work/bucket" -a 127.0.0.1 -p "$s3port" --configure-bucket snaps --silent &
s3pid=$!
trap 'kill "$s3pid" 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$s3port") 2>/dev/null && break; sleep 0.1; done
mkdir "$work/project"
cat >"$work/project/.sluice.toml" <<TOML
[snapshot.s3]
endpoint = "http://127.0.0.1:$s3port"
region = "us-east-1"
path_style = true
TOML
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
SLUICE_SNAPSHOT_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export SLUICE_SNAPSHOT_KEY

cd "$work/project"
"$sluice" snapshot create --database-url "$url" --snapshot-dir s3://snaps/bench -q >/dev/null
size=$(du -sb "$work/bucket/snaps/bench" | cut -f1)
echo "   snapshot in the bucket: $(echo "scale=1; $size / 1000000" | bc) MB (encrypted)"

restore=("$sluice" snapshot restore latest --snapshot-dir s3://snaps/bench --yes --no-analyze
         --allow-other-database --json)
declare -A times
now() { date +%s.%N; }
measure() {  # name env-assignment...
  local name=$1; shift
  "$bindir/dropdb" --if-exists target 2>/dev/null; "$bindir/createdb" -T template0 target
  local start end
  start=$(now)
  env "$@" "${restore[@]}" --database-url "host=$work port=$port user=postgres dbname=target" >"$work/out.json"
  end=$(now)
  times[$name]+="$(echo "$end - $start" | bc) "
}
for run in $(seq 1 "$runs"); do
  echo "== run $run of $runs"
  measure once "TMPDIR=$work"
  grep -Eq '"download_seconds": 0(\.0)?,' "$work/out.json" && { echo "bench: the restore did not download once" >&2; exit 1; }
  cp "$work/out.json" "$work/once.json"
  measure twice "TMPDIR=$work/missing"
  grep -Eq '"download_seconds": 0(\.0)?,' "$work/out.json" || { echo "bench: the restore downloaded once" >&2; exit 1; }
  cp "$work/out.json" "$work/twice.json"
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
once=$(echo "${times[once]}" | median)
twice=$(echo "${times[twice]}" | median)
echo
echo "once:  TMPDIR=$work ${restore[*]}"
echo "twice: TMPDIR=$work/missing ${restore[*]}"
printf "%-60s %10s\n" "restore from the bucket" "seconds"
printf "%-60s %10.2f\n" "downloaded once into \$TMPDIR, verified and restored from it" "$once"
printf "%-60s %10.2f\n" "read twice from the bucket (verify pass, restore pass)" "$twice"
echo "ratio: twice / once = $(echo "scale=2; $twice / $once" | bc)"
phases() { grep -Eo '"(download|verify|restore)_seconds": [0-9.e-]+' "$1" | sed 's/"//g' | xargs; }
echo "last run, once:  $(phases "$work/once.json")"
echo "last run, twice: $(phases "$work/twice.json")"
