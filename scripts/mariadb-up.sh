#!/usr/bin/env bash
# Start a throwaway MariaDB on 127.0.0.1 for tests and benchmarks; print `export` lines for the caller:
#   eval "$(bash scripts/mariadb-up.sh)"   ...   bash scripts/mariadb-down.sh
# Installs Debian's mariadb-server when it is missing. Progress goes to stderr, exports to stdout.
set -euo pipefail

log() { echo "mariadb-up: $*" >&2; }

find_bin() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || true; }

MARIADBD=$(find_bin mariadbd)
if [ -z "$MARIADBD" ]; then
  log "installing mariadb-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >&2
  MARIADBD=$(find_bin mariadbd)
fi
INSTALL_DB=$(find_bin mariadb-install-db)
CLIENT=$(find_bin mariadb)
ADMIN=$(find_bin mariadb-admin)

DIR=$(mktemp -d -t dsr-mariadb-XXXXXX)
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
USER_NAME=$(id -un)
PASS="dsr-$(node -e "console.log(require('crypto').randomBytes(9).toString('hex'))")"

cat > "$DIR/my.cnf" <<CNF
[mysqld]
datadir=$DIR/data
socket=$DIR/mysqld.sock
pid-file=$DIR/mysqld.pid
log-error=$DIR/error.log
bind-address=127.0.0.1
port=$PORT
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max_connections=200
transaction-isolation=READ-COMMITTED
innodb_buffer_pool_size=256M
CNF

log "initialising $DIR"
"$INSTALL_DB" --defaults-file="$DIR/my.cnf" --user="$USER_NAME" --auth-root-authentication-method=normal --skip-test-db >"$DIR/install.log" 2>&1 || { cat "$DIR/install.log" >&2; exit 1; }

"$MARIADBD" --defaults-file="$DIR/my.cnf" --user="$USER_NAME" >/dev/null 2>&1 &
PID=$!

for _ in $(seq 1 120); do
  if "$ADMIN" --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then log "mariadbd exited"; cat "$DIR/error.log" >&2; exit 1; fi
  sleep 0.5
done
"$ADMIN" --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 || { log "mariadbd did not answer in 60 s"; cat "$DIR/error.log" >&2; kill "$PID"; exit 1; }

"$CLIENT" --socket="$DIR/mysqld.sock" -uroot <<SQL
CREATE DATABASE dsr_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'dsr'@'127.0.0.1' IDENTIFIED BY '$PASS';
CREATE USER 'dsr'@'localhost' IDENTIFIED BY '$PASS';
GRANT ALL PRIVILEGES ON \`dsr\_test%\`.* TO 'dsr'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`dsr\_test%\`.* TO 'dsr'@'localhost';
FLUSH PRIVILEGES;
SQL

log "MariaDB $("$MARIADBD" --version | awk '{print $3}') ready on 127.0.0.1:$PORT (pid $PID)"
echo "export DATABASE_URL='mysql://dsr:$PASS@127.0.0.1:$PORT/dsr_test'"
echo "export MARIADB_PID='$PID'"
echo "export MARIADB_DIR='$DIR'"
