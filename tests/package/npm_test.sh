#!/usr/bin/env bash
# The npm packages (npm/): packed with npm/pack.sh around the self-contained binary,
# installed offline from their tarballs into a fresh Node project, and used the way a
# Prisma or Next.js project does: `npx sluice-db lint`, and `npm run build` whose script
# is "sluice deploy && <the app's build>" against a PostgreSQL server on 127.0.0.1 (no
# --ephemeral), the lint gate stopping the build, and a status script.
# Usage: npm_test.sh SLUICE SOURCE_DIR
set -uo pipefail
sluice=$(realpath "$1")
source_dir=$(realpath "$2")
here=$(dirname "$0")
source "$here/../support/shell_checks.sh" sluice-npm
source "$here/pg_server.sh"

version=$("$sluice" --version | head -1 | awk '{print $2}')
"$source_dir/ci/third-party-notices" "$work/NOTICES.txt" || { echo "ci/third-party-notices failed"; exit 1; }
"$source_dir/npm/pack.sh" "$work/NOTICES.txt" "$work/dist" "$sluice" || { echo "npm/pack.sh failed"; exit 1; }
check "two tarballs" "sluice-db-$version.tgz sluice-db-linux-x64-$version.tgz" "$(cd "$work/dist" && echo *.tgz)"
platform_files=$(tar -tzvf "$work/dist/sluice-db-linux-x64-$version.tgz" | awk '{print $1, $6}' | sort)
check "the platform package: binary (executable), notices, manifest, readme" \
  "-rw-r--r-- package/README.md
-rw-r--r-- package/THIRD-PARTY-NOTICES.txt
-rw-r--r-- package/package.json
-rwxr-xr-x package/bin/sluice" "$platform_files"
check "no install scripts in either package" "" \
  "$(for t in "$work"/dist/*.tgz; do tar -xzOf "$t" package/package.json | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s);if(p.scripts)console.log(p.name,Object.keys(p.scripts))})'; done)"

# A fresh project, installed with no registry at all (an unreachable registry, --offline
# and an empty cache): everything must come from the two tarballs.
app="$work/app"
mkdir -p "$app/prisma"
cp -r "$source_dir/examples/prisma/migrations" "$app/prisma/"
cat >"$app/package.json" <<'JSON'
{
  "name": "shop",
  "private": true,
  "scripts": {
    "build": "sluice deploy && node -e \"require('fs').writeFileSync('built', 'ok')\"",
    "migrate:status": "sluice-db status --json",
    "lint:migrations": "sluice lint --format gcc"
  }
}
JSON
export npm_config_cache="$work/npm-cache" npm_config_registry=http://127.0.0.1:9/ npm_config_audit=false \
  npm_config_fund=false npm_config_update_notifier=false
(cd "$app" && npm install --offline --save-dev "$work/dist/sluice-db-$version.tgz" \
  "$work/dist/sluice-db-linux-x64-$version.tgz" >"$work/install.log" 2>&1)
check "npm install offline from the tarballs" 0 "$?"
check "the binary arrived through the platform package" \
  "$(sha256sum <"$sluice")" "$(sha256sum <"$app/node_modules/@sluice-db/linux-x64/bin/sluice")"
check "npx sluice-db --version" "sluice $version" "$(cd "$app" && npx --offline sluice-db --version | head -1)"
check "npx sluice --version" "sluice $version" "$(cd "$app" && npx --offline sluice --version | head -1)"

# Lint through npx: findings, their exit code and output pass through the launcher.
mkdir "$app/prisma/migrations/20240301000000_drop_orders"
printf 'DROP TABLE "Order";\n' >"$app/prisma/migrations/20240301000000_drop_orders/migration.sql"
lint_out=$(cd "$app" && npx --offline sluice-db lint --format gcc prisma/migrations 2>&1)
check "npx sluice-db lint exits 1 on an error finding" 1 "$(cd "$app" && npx --offline sluice-db lint prisma/migrations >/dev/null 2>&1; echo $?)"
check "and reports it" 1 "$(grep -c '20240301000000_drop_orders/migration.sql:1:1: error: .*\[drop-table\]' <<<"$lint_out")"

# "build": "sluice deploy && ..." against a real server: the lint gate stops the build.
start_server
(cd "$app" && npm run build >"$work/build1.log" 2>&1)
check "npm run build fails on the lint gate" 1 "$?"
check "the app's build step did not run" no "$([ -e "$app/built" ] && echo yes || echo no)"
check "nothing was applied" f "$(server_sql "SELECT to_regclass('\"User\"') IS NOT NULL")"
rm -r "$app/prisma/migrations/20240301000000_drop_orders"
(cd "$app" && npm run build >"$work/build2.log" 2>&1)
check "npm run build deploys, then builds" 0 "$?"
check "the app's build step ran" ok "$(cat "$app/built" 2>/dev/null)"
check "Prisma's history table records the three migrations" 3 \
  "$(server_sql "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL")"
check "the deploy took its snapshot first" 1 "$(ls -d "$app"/.sluice/snapshots/*/ 2>/dev/null | wc -l)"
check "npm run migrate:status: healthy" 1 "$(cd "$app" && npm run --silent migrate:status | grep -c '"status": *"healthy"')"
check "the password appears in no output" 0 "$(cat "$work"/build*.log | grep -c "$server_password")"
[ "$failed" -gt 0 ] && cat "$work/install.log" "$work"/build*.log

# The launcher: a signal for the launcher reaches sluice, and sluice's exit code comes back.
check "SIGTERM reaches sluice through the launcher" 143 "$(cd "$app" && SLUICE_BINARY=/bin/sleep \
  node node_modules/sluice-db/bin/sluice.js 30 & pid=$!; sleep 0.5; kill -TERM $pid; wait $pid; echo $?)"
check "a missing platform package is an installation error" 2 \
  "$(cd "$app" && rm -rf node_modules/@sluice-db && node node_modules/sluice-db/bin/sluice.js --version >/dev/null 2>&1; echo $?)"
finish
