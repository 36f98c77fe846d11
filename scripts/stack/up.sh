#!/usr/bin/env bash
# Starts the local stack on loopback: PostgreSQL, FerretDB, Redis, maildev.
# Idempotent: whatever already runs is left alone; whatever died is restarted.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$(dirname "${BASH_SOURCE[0]}")/install.sh"
mkdir -p "$RUN_DIR" "$LOG_DIR"

start_postgres() {
  if is_root; then chmod o+x "$DATA_DIR" "$RUN_DIR"; fi
  resolve_pg_paths
  local bin pgdata="$PG_DATA" socket_dir="$PG_SOCKET_DIR"
  bin="$(pg_bin_dir)"
  mkdir -p "$socket_dir"
  if is_root; then chown postgres: "$socket_dir" "$(dirname "$PG_LOG")"; fi

  if [ ! -f "$pgdata/PG_VERSION" ]; then
    log "initialising PostgreSQL in $pgdata"
    mkdir -p "$pgdata"
    is_root && chown postgres: "$pgdata"
    local pwfile
    pwfile="$(mktemp)"; echo "$PG_SUPERUSER_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    as_pg_user "$bin/initdb" -D "$pgdata" -U postgres --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    # Local development and test data only: durability is traded for speed.
    cat >> "$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$socket_dir'
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi

  if as_pg_user "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 && port_open "$PG_PORT"; then
    log "PostgreSQL already running on $PG_PORT"
  else
    rm -f "$pgdata/postmaster.pid"
    as_pg_user "$bin/pg_ctl" -D "$pgdata" -l "$PG_LOG" -w -t 60 start >/dev/null
    log "PostgreSQL started on $PG_PORT"
  fi
  provision_postgres "$bin" "$socket_dir"
}

# Roles: the owner runs migrations; the application role cannot bypass
# row-level security; the system login serves the few audited cross-tenant
# paths, each through a role of its own (apps/management-api/README.md).
provision_postgres() {
  local bin="$1" socket_dir="$2"
  as_pg_user "$bin/psql" -h "$socket_dir" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<'SQL' >/dev/null
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_owner') THEN
    CREATE ROLE trivance_owner LOGIN CREATEDB PASSWORD 'trivance_owner';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_app') THEN
    CREATE ROLE trivance_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'trivance_app';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_system') THEN
    CREATE ROLE trivance_system LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT PASSWORD 'trivance_system';
  END IF;
  -- Earlier clusters made it bypass row-level security; it no longer may.
  ALTER ROLE trivance_system NOBYPASSRLS NOINHERIT;
  -- One role per cross-tenant path, holding only what that path needs. The
  -- system login holds none of it until a path sets its role (SET LOCAL ROLE).
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_member_sync') THEN
    CREATE ROLE trivance_member_sync NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_platform') THEN
    CREATE ROLE trivance_platform NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_order_jobs') THEN
    CREATE ROLE trivance_order_jobs NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_outbox_relay') THEN
    CREATE ROLE trivance_outbox_relay NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_ticket_holders') THEN
    CREATE ROLE trivance_ticket_holders NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_housekeeping') THEN
    CREATE ROLE trivance_housekeeping NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_payments') THEN
    CREATE ROLE trivance_payments NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_donations') THEN
    CREATE ROLE trivance_donations NOLOGIN NOBYPASSRLS;
  END IF;
  GRANT trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay,
    trivance_ticket_holders, trivance_housekeeping, trivance_payments, trivance_donations TO trivance_system;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_notifications') THEN
    CREATE ROLE trivance_notifications NOLOGIN NOBYPASSRLS;
  END IF;
  GRANT trivance_notifications TO trivance_system;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_privacy_export') THEN
    CREATE ROLE trivance_privacy_export NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_privacy_erasure') THEN
    CREATE ROLE trivance_privacy_erasure NOLOGIN NOBYPASSRLS;
  END IF;
  GRANT trivance_privacy_export, trivance_privacy_erasure TO trivance_system;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trivance_push') THEN
    CREATE ROLE trivance_push NOLOGIN NOBYPASSRLS;
  END IF;
  GRANT trivance_push TO trivance_system;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferretdb') THEN
    CREATE ROLE ferretdb LOGIN PASSWORD 'ferretdb';
  END IF;
END $$;
SELECT 'CREATE DATABASE trivance OWNER trivance_owner'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'trivance') \gexec
SELECT 'CREATE DATABASE ferretdb OWNER ferretdb'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ferretdb') \gexec
SQL
}

# FerretDB stores its documents in the local PostgreSQL (database `ferretdb`):
# that backend filters inside PostgreSQL, where the SQLite one reads every
# document of a collection for any query not on _id.
start_ferretdb() {
  local pidfile="$RUN_DIR/ferretdb.pid" dir="$DATA_DIR/ferretdb"
  if pid_alive "$pidfile" && port_open "$MONGO_PORT"; then
    log "FerretDB already running on $MONGO_PORT"; return
  fi
  port_open "$MONGO_PORT" && die "port $MONGO_PORT is taken by another process; set TRIVANCE_MONGO_PORT"
  mkdir -p "$dir"
  nohup "$FERRETDB_BIN" --handler=postgresql \
    --postgresql-url="postgres://ferretdb:ferretdb@127.0.0.1:$PG_PORT/ferretdb" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --telemetry=disable --debug-addr=- --state-dir="$dir" \
    --log-level=warn >>"$LOG_DIR/ferretdb.log" 2>&1 &
  echo $! > "$pidfile"
  wait_for_port FerretDB "$MONGO_PORT"
  log "FerretDB started on $MONGO_PORT"
}

start_redis() {
  local pidfile="$RUN_DIR/redis.pid" dir="$DATA_DIR/redis"
  if pid_alive "$pidfile" && port_open "$REDIS_PORT"; then
    log "Redis already running on $REDIS_PORT"; return
  fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process; set TRIVANCE_REDIS_PORT"
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --daemonize yes \
    --pidfile "$pidfile" --logfile "$LOG_DIR/redis.log" --appendonly yes --protected-mode yes >/dev/null
  wait_for_port Redis "$REDIS_PORT"
  log "Redis started on $REDIS_PORT"
}

start_maildev() {
  local pidfile="$RUN_DIR/maildev.pid" bin="$ROOT/node_modules/maildev/dist/bin/maildev.js"
  if pid_alive "$pidfile" && port_open "$SMTP_PORT"; then
    log "maildev already running (SMTP $SMTP_PORT, web $MAIL_WEB_PORT)"; return
  fi
  port_open "$SMTP_PORT" && die "port $SMTP_PORT is taken by another process; set TRIVANCE_SMTP_PORT"
  [ -f "$bin" ] || die "maildev is not installed: run 'npm install' first"
  nohup "$(node_bin)" "$bin" --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" --ip 127.0.0.1 \
    >>"$LOG_DIR/maildev.log" 2>&1 &
  echo $! > "$pidfile"
  wait_for_port maildev "$SMTP_PORT"
  wait_for_port maildev-web "$MAIL_WEB_PORT"
  log "maildev started (SMTP $SMTP_PORT, web http://127.0.0.1:$MAIL_WEB_PORT)"
}

start_postgres
start_ferretdb
start_redis
start_maildev
