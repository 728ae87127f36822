#!/usr/bin/env bash
# Notifications and metrics files end to end: a webhook receiver this test starts on
# 127.0.0.1 (webhook_receiver.cjs) checks the HMAC signatures; deploys run against a
# throwaway PostgreSQL (--ephemeral); metrics files are read by a strict parser of the
# Prometheus text format (prometheus_check.cjs) and by `promtool check metrics`. A
# receiver that is down or unreachable must never change an exit code.
#   notify_test.sh SLUICE NODE PROMTOOL
set -uo pipefail
sluice=$1
node=$2
promtool=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/shell_checks.sh" sluice-notify

secret='s3cr3t-hook-key'
export RECEIVER_SECRET=$secret HOOK_SECRET=$secret
RECEIVER_SECRET=$secret "$node" "$here/webhook_receiver.cjs" "$work/port" "$work/requests.jsonl" &
receiver=$!
trap 'kill "$receiver" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

# Field FIELD of the requests sent to PATH for EVENT, one per line.
requests() {  # requests PATH EVENT FIELD
  "$node" -e '
    const [file, path, event, field] = process.argv.slice(1);
    for (const line of require("fs").readFileSync(file, "utf8").split("\n").filter(Boolean)) {
      const r = JSON.parse(line);
      if (r.path !== path || r.event !== event) continue;
      const body = JSON.parse(r.body);
      console.log(field in r ? r[field] : body[field]);
    }' "$work/requests.jsonl" "$1" "$2" "$3" 2>/dev/null || true
}
metric() {  # metric FILE SAMPLE: the sample's value, as the strict parser read it
  "$node" "$here/prometheus_check.cjs" "$1" | awk -v s="$2" 'index($0, s " ") == 1 { print $NF }'
}
promtool_clean() {  # promtool_clean FILE: what `promtool check metrics` says of it (nothing when clean)
  "$promtool" check metrics <"$1" 2>&1 || echo "promtool exit $?"
}

project=$work/shop
mkdir -p "$project/migrations"
cat >"$project/.sluice.toml" <<TOML
[notify]
project = "shop"

[[notify.webhook]]
url = "http://127.0.0.1:$port/ok?token=T0K3N"
secret_env = "HOOK_SECRET"

[[notify.webhook]]
url = "http://127.0.0.1:$port/slack"
payload = "slack"
events = ["deploy-failed", "snapshot-restored"]

[[notify.webhook]]
url = "http://127.0.0.1:$port/flaky"
events = ["prune"]
retries = 3

[[notify.webhook]]
url = "http://127.0.0.1:$port/down"
events = ["prune"]
retries = 1
timeout = "2s"
TOML
cd "$project"

# ---- prune: retries, a receiver that stays down, exit code unchanged ----
"$sluice" snapshot prune --keep-last 2 --metrics-file "$work/prune.prom" >"$work/out" 2>"$work/err"
check "prune exits 0 although a webhook is down" 0 "$?"
check "prune reached the signed webhook" "prune" "$(requests '/ok?token=T0K3N' prune event)"
check "its signature is valid" "true" "$(requests '/ok?token=T0K3N' prune signature_ok)"
check "the project is named" "shop" "$(requests '/ok?token=T0K3N' prune project)"
check "the flaky webhook got it on the third attempt" "503 503 200" "$(requests /flaky prune status | xargs)"
check "the webhook that is down was tried twice (retries = 1)" "2" "$(requests /down prune status | wc -l)"
check "unsigned webhooks are not signed" "false" "$(requests /flaky prune signed | head -1)"
check "the failure is a warning" "1" "$(grep -c 'warning: notification prune to webhook 4 of \[notify\] failed after 2 attempts' "$work/err")"
check "the URL's token is never printed" "0" "$(cat "$work/out" "$work/err" | grep -c T0K3N)"
check "prune metrics: success" "1" "$(metric "$work/prune.prom" 'sluice_last_run_success{command="snapshot prune"}')"
check "prune metrics: removed" "0" "$(metric "$work/prune.prom" 'sluice_snapshots_removed')"
check "prune metrics: promtool finds nothing" "" "$(promtool_clean "$work/prune.prom")"

# ---- deploy that succeeds ----
printf 'CREATE TABLE item (id int PRIMARY KEY);\n' >migrations/001_item.sql
"$sluice" deploy --ephemeral --dir migrations --no-lint-gate --metrics-file "$work/deploy.prom" >"$work/out" 2>"$work/err"
check "deploy succeeds" 0 "$?"
check "deploy-succeeded sent" "deploy-succeeded" "$(requests '/ok?token=T0K3N' deploy-succeeded event)"
check "with the migration" "001_item" "$(requests '/ok?token=T0K3N' deploy-succeeded migration)"
check "with the database's name only" "postgres" "$(requests '/ok?token=T0K3N' deploy-succeeded database)"
check "signed" "true" "$(requests '/ok?token=T0K3N' deploy-succeeded signature_ok)"
check "the Slack webhook did not ask for it" "" "$(requests /slack deploy-succeeded event)"
check "deploy metrics: success" "1" "$(metric "$work/deploy.prom" 'sluice_last_run_success{command="deploy"}')"
check "deploy metrics: applied" "1" "$(metric "$work/deploy.prom" sluice_deploy_migrations_applied)"
check "deploy metrics: pending" "0" "$(metric "$work/deploy.prom" sluice_deploy_migrations_pending)"
check "deploy metrics: promtool finds nothing" "" "$(promtool_clean "$work/deploy.prom")"

# ---- deploy that fails after a commit: restored, then failed ----
printf 'CREATE TABLE extra (id int);\n' >migrations/002_extra.sql
printf 'SELECT 1/0;\n' >migrations/003_broken.sql
"$sluice" deploy --ephemeral --dir migrations --no-lint-gate --metrics-file "$work/failed.prom" >"$work/out" 2>"$work/err"
status=$?
check "the failed deploy keeps its exit code (4: restored, as before)" 4 "$status"
check "snapshot-restored sent" "snapshot-restored" "$(requests '/ok?token=T0K3N' snapshot-restored event)"
check "deploy-failed sent" "deploy-failed" "$(requests '/ok?token=T0K3N' deploy-failed event)"
check "naming the failed migration" "003_broken" "$(requests '/ok?token=T0K3N' deploy-failed migration)"
check "with its exit code" "4" "$(requests '/ok?token=T0K3N' deploy-failed exit_code)"
check "with the error" "1" "$(requests '/ok?token=T0K3N' deploy-failed error | grep -c 'division by zero')"
check "the Slack webhook got a Slack message" "1" "$(requests /slack deploy-failed text | grep -c ':red_circle: \*shop\*: deploy-failed')"
check "failed metrics: success 0" "0" "$(metric "$work/failed.prom" 'sluice_last_run_success{command="deploy"}')"
check "failed metrics: exit code" "4" "$(metric "$work/failed.prom" 'sluice_last_run_exit_code{command="deploy"}')"
check "failed metrics: restore success" "1" "$(metric "$work/failed.prom" 'sluice_restore_success{command="deploy"}')"
check "failed metrics: everything pending again (a fresh server each time: all three)" "3" "$(metric "$work/failed.prom" sluice_deploy_migrations_pending)"
check "failed metrics: promtool finds nothing" "" "$(promtool_clean "$work/failed.prom")"

# ---- an unreachable webhook never changes a deploy's exit code ----
mkdir "$work/alone" && cp -r migrations "$work/alone/" && cd "$work/alone"
printf '[[notify.webhook]]\nurl = "http://127.0.0.1:1/nobody"\nretries = 0\ntimeout = "1s"\n' >.sluice.toml
rm migrations/003_broken.sql
"$sluice" deploy --ephemeral --dir migrations --no-lint-gate >"$work/out" 2>"$work/err"
check "unreachable webhook: deploy still exits 0" 0 "$?"
check "unreachable webhook: a warning in the report" "1" "$(grep -c 'warning: notification deploy-succeeded to webhook 1 of \[notify\] failed' "$work/out")"
printf 'SELECT 1/0;\n' >migrations/003_broken.sql
"$sluice" deploy --ephemeral --dir migrations --no-lint-gate --audit-log "$work/audit.log" >"$work/out" 2>"$work/err"
check "unreachable webhook: a failed deploy still exits 4" 4 "$?"
check "the warning is in the audit log" "1" "$(grep -c 'notification deploy-failed to webhook 1' "$work/audit.log")"
cd "$project"

# ---- a missing signing secret stops the command before it starts ----
HOOK_SECRET= "$sluice" deploy --ephemeral --dir migrations --no-lint-gate >"$work/out" 2>"$work/err"
check "missing secret: exit 2" 2 "$?"
check "missing secret: says which variable" "1" "$(grep -c 'HOOK_SECRET is not set' "$work/err")"
check "the secret is never printed" "0" "$(cat "$work/out" "$work/err" | grep -c "$secret")"

# ---- status --format prometheus: parseable even when the database is down ----
"$sluice" status --dir migrations --format prometheus --database-url 'postgresql://nobody@127.0.0.1:1/shop' \
  >"$work/status.prom" 2>"$work/err"
check "status of an unreachable database: exit 3" 3 "$?"
check "status metrics: not up" "0" "$(metric "$work/status.prom" sluice_status_up)"
check "status metrics: no snapshots" "0" "$(metric "$work/status.prom" sluice_snapshots)"
check "status metrics: promtool finds nothing" "" "$(promtool_clean "$work/status.prom")"

finish
