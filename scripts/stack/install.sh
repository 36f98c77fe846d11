#!/usr/bin/env bash
# Installs what the local stack needs and is missing: PostgreSQL, Redis, Go
# (only to build FerretDB once per machine). As root with apt-get it installs;
# elsewhere it stops and names exactly what to install.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
pg_bin_dir >/dev/null || missing+=("postgresql-$PG_VERSION")
command -v redis-server >/dev/null || missing+=("redis-server")
if [ ! -x "$FERRETDB_BIN" ] && ! command -v go >/dev/null; then missing+=("golang-go (Go >= 1.23)"); fi

if [ "${#missing[@]}" -gt 0 ]; then
  if can_apt; then
    log "installing: ${missing[*]}"
    pkgs=()
    for m in "${missing[@]}"; do pkgs+=("${m%% *}"); done
    apt_lists=(/var/lib/apt/lists/*Packages)
    [ -e "${apt_lists[0]}" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    }
    # Debian starts its own cluster and redis on the default ports; ours run from .data/.
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      systemctl disable --now redis-server postgresql >/dev/null 2>&1 || true
    else
      service redis-server stop >/dev/null 2>&1 || true
      service postgresql stop >/dev/null 2>&1 || true
    fi
  else
    die "missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]%% *}) or point the services at external servers (see README)."
  fi
fi

bash "$(dirname "${BASH_SOURCE[0]}")/build-ferretdb.sh"
