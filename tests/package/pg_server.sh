# Sourced by the package tests, after support/shell_checks.sh (which gives $work):
#   start_server [-c NAME=VALUE...]  a throwaway PostgreSQL 15 on 127.0.0.1 and a free port, password
#                     (SCRAM) authentication only; sets DATABASE_URL for the user `app`.
#   start_tls_server  the same with TLS on (a self-signed certificate): connect with
#                     "$DATABASE_URL?sslmode=require" to refuse anything but TLS.
# The server runs as the postgres user when the test runs as root (initdb refuses root),
# and is stopped on exit. A missing server is a failure: the test exits 1.
pg_bin=${SLUICE_PG_BIN:-/usr/lib/postgresql/15/bin}
server_password=pw-$RANDOM$RANDOM

as_server() { "$@"; }
if [ "$(id -u)" = 0 ]; then as_server() { runuser -u postgres -- "$@"; }; fi

stop_server() {
  [ -d "$work/pgdata" ] && as_server "$pg_bin/pg_ctl" -D "$work/pgdata" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}

start_server() {
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "no PostgreSQL server binaries in $pg_bin (ci/setup installs postgresql-15; SLUICE_PG_BIN)" >&2
    exit 1
  fi
  trap stop_server EXIT
  chmod 755 "$work"
  mkdir -p "$work/pgdata" "$work/pgsocket"
  [ "$(id -u)" = 0 ] && chown postgres "$work/pgdata" "$work/pgsocket"
  printf '%s\n' "$server_password" >"$work/pwfile"
  chmod 644 "$work/pwfile"
  as_server "$pg_bin/initdb" -D "$work/pgdata" -U app --pwfile="$work/pwfile" --auth=scram-sha-256 \
    --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
  rm -f "$work/pwfile"
  local port
  for _ in 1 2 3 4 5; do
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    if as_server "$pg_bin/pg_ctl" -D "$work/pgdata" -w -l "$work/pgsocket/pg.log" -o "-p $port -k $work/pgsocket \
        -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off $*" start >/dev/null 2>&1; then
      export DATABASE_URL="postgresql://app:$server_password@127.0.0.1:$port/postgres"
      export SERVER_PORT=$port
      return 0
    fi
  done
  cat "$work/pgsocket/pg.log"
  exit 1
}

start_tls_server() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout "$work/server.key" \
    -out "$work/server.crt" >/dev/null 2>&1 || { echo "openssl could not make a certificate" >&2; exit 1; }
  [ "$(id -u)" = 0 ] && chown postgres "$work/server.key" "$work/server.crt"
  start_server -c ssl=on -c ssl_cert_file="$work/server.crt" -c ssl_key_file="$work/server.key"
}

server_sql() {  # server_sql SQL: runs SQL as `app` over TCP, prints rows unaligned
  PGPASSWORD=$server_password "$pg_bin/psql" -h 127.0.0.1 -p "$SERVER_PORT" -U app -d postgres -X -q -At \
    -v ON_ERROR_STOP=1 -c "$1"
}
