#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks (Debian's postgresql package; scripts/setup.sh
# installs it). Its own data directory and port, listening on 127.0.0.1 only, trust authentication.
#   bash scripts/pg.sh start DIR PORT   initdb + start; prints the database URL (postgres://…/checkout)
#   bash scripts/pg.sh stop DIR         stops it and deletes DIR: nothing is left behind
# PG_DURABLE=1 keeps fsync on (benchmarks); tests run without fsync, which only matters if the machine dies.
set -euo pipefail
cmd=${1:?usage: pg.sh start DIR PORT | stop DIR}
dir=${2:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (run scripts/setup.sh)" >&2; exit 1; }
# The server refuses to run as root: run it as the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    durable=off; [ "${PG_DURABLE:-0}" = 1 ] && durable=on
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$durable -c synchronous_commit=$durable -c full_page_writes=$durable -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres checkout
    echo "postgres://postgres@127.0.0.1:$port/checkout"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
