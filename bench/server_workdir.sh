# Sourced by the benchmarks that start their own PostgreSQL: finds the server binaries
# (SLUICE_PG_BINDIR, pg_config, else the newest /usr/lib/postgresql/*/bin), makes a work
# folder the server's user may write ($work), picks a port ($port) and stops the server
# and removes the folder on exit. `as_server` runs a command as that user (initdb
# refuses root). Usage: . bench/server_workdir.sh NAME
bindir=${SLUICE_PG_BINDIR:-$(pg_config --bindir 2>/dev/null || true)}
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "bench: no PostgreSQL server binaries found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-$1-XXXXXX")
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
  as_server "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
