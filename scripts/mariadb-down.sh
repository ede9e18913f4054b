#!/usr/bin/env bash
# Stop the throwaway MariaDB started by mariadb-up.sh and remove its data directory.
set -uo pipefail
if [ -n "${MARIADB_PID:-}" ] && kill -0 "$MARIADB_PID" 2>/dev/null; then
  kill -TERM "$MARIADB_PID" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$MARIADB_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$MARIADB_PID" 2>/dev/null && kill -KILL "$MARIADB_PID" 2>/dev/null
fi
if [ -n "${MARIADB_DIR:-}" ] && [ -d "$MARIADB_DIR" ]; then rm -rf "$MARIADB_DIR"; fi
exit 0
