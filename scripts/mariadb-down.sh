#!/usr/bin/env bash
# Stop the throwaway MariaDB started by mariadb-up.sh and remove its data directory. The pid file is read
# first: a server restarted since (npm run soak restarts it) has another pid than the one exported at start.
set -uo pipefail
pid="${MARIADB_PID:-}"
if [ -n "${MARIADB_DIR:-}" ] && [ -s "$MARIADB_DIR/mysqld.pid" ]; then pid=$(cat "$MARIADB_DIR/mysqld.pid"); fi
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
fi
if [ -n "${MARIADB_DIR:-}" ] && [ -d "$MARIADB_DIR" ]; then rm -rf "$MARIADB_DIR"; fi
exit 0
