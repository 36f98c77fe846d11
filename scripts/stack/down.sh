#!/usr/bin/env bash
# Stops every part of the local stack started by up.sh. Data stays in .data/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop_pidfile() {
  local name="$1" pidfile="$RUN_DIR/$1.pid"
  if pid_alive "$pidfile"; then
    local pid; pid="$(head -n1 "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$name stopped"
  fi
  rm -f "$pidfile"
}

stop_pidfile maildev
stop_pidfile ferretdb
stop_pidfile redis
resolve_pg_paths
if bin="$(pg_bin_dir)" && [ -f "$PG_DATA/PG_VERSION" ]; then
  if as_pg_user "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_pg_user "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    log "PostgreSQL stopped"
  fi
fi
