#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster for the test suite on a free local port and prints the
# connection URL on stdout (everything else goes to stderr). Usage:
#   export FIELDWORK_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
#   scripts/pg-test-cluster.sh stop
# The cluster lives in .tmp/pg (ignored by git). Installs the server package when it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.tmp/pg"
cmd=${1:-start}

find_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  return 1
}

if ! bin=$(find_bin); then
  echo "PostgreSQL server not found; installing the Debian package (needs root)..." >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# initdb refuses to run as root: run the cluster as the postgres system user when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    if [[ -f "$dir/port" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://fieldwork:fieldwork@127.0.0.1:$(cat "$dir/port")/postgres"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
    printf 'fieldwork\n' >"$dir/pw"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir/pw"
    as_owner "$bin/initdb" -D "$dir/data" -U fieldwork --pwfile="$dir/pw" -A scram-sha-256 --no-sync -E UTF8 >&2
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
    echo "$port" >"$dir/port"
    echo "postgres://fieldwork:fieldwork@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
