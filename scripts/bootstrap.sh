#!/usr/bin/env bash
# Installs the project's npm dependencies (including the pinned Node.js 24)
# when they are missing or older than the lockfile, and checks the runtime.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v npm >/dev/null || { echo "npm is required (any Node.js >= 20 to bootstrap)" >&2; exit 1; }

stamp="node_modules/.install-stamp"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "[bootstrap] installing npm dependencies" >&2
  # A fresh clone installs exactly the lockfile; an existing install is brought up to date in place.
  if [ -f package-lock.json ] && [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  touch "$stamp"
fi

# npm 11 may hold back the node package's install script, leaving no binary.
if ! node_modules/.bin/node --version 2>/dev/null | grep -q '^v24\.'; then
  echo "[bootstrap] installing the pinned Node.js 24 runtime" >&2
  npm install-scripts approve node >/dev/null 2>&1 || true
  npm rebuild node --loglevel=error
  node_modules/.bin/node --version | grep -q '^v24\.' || { echo "[bootstrap] Node.js 24 is not available in node_modules/.bin" >&2; exit 1; }
fi
