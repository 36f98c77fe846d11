# Shared settings and helpers for the local stack scripts. Sourced, not run.
# Every port can be overridden from the environment; data lives under .data/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="${TRIVANCE_DATA_DIR:-$ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"

PG_PORT="${TRIVANCE_PG_PORT:-5432}"
MONGO_PORT="${TRIVANCE_MONGO_PORT:-27017}"
REDIS_PORT="${TRIVANCE_REDIS_PORT:-6379}"
SMTP_PORT="${TRIVANCE_SMTP_PORT:-1025}"
MAIL_WEB_PORT="${TRIVANCE_MAIL_WEB_PORT:-1080}"

PG_VERSION=15
PG_SUPERUSER_PASSWORD="${TRIVANCE_PG_SUPERUSER_PASSWORD:-postgres}"
FERRETDB_VERSION="v1.24.2"
FERRETDB_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/trivance/ferretdb-$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_CACHE/ferretdb"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local name="$1" port="$2" tries="${3:-150}"
  for _ in $(seq "$tries"); do
    port_open "$port" && return 0
    sleep 0.2
  done
  die "$name did not start listening on 127.0.0.1:$port (see $LOG_DIR)"
}

pid_alive() {
  local pidfile="$1"
  [ -f "$pidfile" ] && kill -0 "$(head -n1 "$pidfile")" 2>/dev/null
}

pg_bin_dir() {
  local dir
  for dir in "/usr/lib/postgresql/$PG_VERSION/bin" /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# Runs a command as the postgres OS user when we are root (PostgreSQL refuses
# to run as root); otherwise as ourselves.
as_pg_user() {
  # From / : the postgres user may not be allowed into the current folder.
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# PostgreSQL's files live under .data/ when the postgres OS user can reach it.
# When the checkout sits in a folder that user cannot traverse (a private home,
# say), they live in a folder of their own and .data/postgres links to it.
resolve_pg_paths() {
  PG_DATA="$DATA_DIR/postgres"
  PG_SOCKET_DIR="$RUN_DIR/postgres"
  PG_LOG="$LOG_DIR/postgres.log"
  if is_root && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    local base
    base="/var/lib/trivance/$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
    mkdir -p "$base"
    chown postgres: "$base"
    [ -e "$PG_DATA" ] || ln -s "$base/data" "$PG_DATA"
    PG_DATA="$base/data"
    PG_SOCKET_DIR="$base/run"
    PG_LOG="$base/postgres.log"
  fi
}

node_bin() {
  if [ -x "$ROOT/node_modules/.bin/node" ]; then echo "$ROOT/node_modules/.bin/node"; else command -v node; fi
}
