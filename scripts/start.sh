#!/usr/bin/env bash
# One command to run the platform locally: installs dependencies, provisions
# and starts the local stack, builds, and runs both services in the
# foreground. Ctrl-C stops the services (the stack keeps running; stop it with
# `npm run stack:down`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/prepare.sh
hash -r
npm run build --silent

NODE="$ROOT/node_modules/.bin/node"
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

(cd apps/auth-service && exec "$NODE" --enable-source-maps dist/main.js) &
pids+=($!)
(cd apps/management-api && exec "$NODE" --enable-source-maps dist/main.js) &
pids+=($!)

echo "[start] Auth Service   http://127.0.0.1:${AUTH_PORT:-3001}  (Swagger UI at /api-docs)" >&2
echo "[start] Management API http://127.0.0.1:${MANAGEMENT_PORT:-3000}/graphql" >&2
echo "[start] Mail catcher   http://127.0.0.1:1080" >&2
# Stop everything when either service exits.
wait -n
