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
# The services reach the local stack wherever TRIVANCE_*_PORT moved it
# (values already set in the environment win).
source scripts/stack/lib.sh
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}"
export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:$MONGO_PORT/trivance_auth}"
export DATABASE_URL="${DATABASE_URL:-postgresql://trivance_app:trivance_app@127.0.0.1:$PG_PORT/trivance}"
export DATABASE_MIGRATION_URL="${DATABASE_MIGRATION_URL:-postgresql://trivance_owner:trivance_owner@127.0.0.1:$PG_PORT/trivance}"
export DATABASE_SYSTEM_URL="${DATABASE_SYSTEM_URL:-postgresql://trivance_system:trivance_system@127.0.0.1:$PG_PORT/trivance}"
# Payments go to the local Wompi stand-in unless WOMPI_API_URL points elsewhere
# (Wompi's sandbox: https://sandbox.wompi.co/v1 and https://checkout.wompi.co/p/,
# with the merchant's test keys in WOMPI_*; see the README).
MANAGEMENT_PORT="${MANAGEMENT_PORT:-3000}"
STAND_IN_PORT="${WOMPI_STAND_IN_PORT:-3099}"
run_stand_in=false
if [ -z "${WOMPI_API_URL:-}" ]; then
  run_stand_in=true
  export WOMPI_API_URL="http://127.0.0.1:$STAND_IN_PORT/v1"
  export WOMPI_CHECKOUT_URL="${WOMPI_CHECKOUT_URL:-http://127.0.0.1:$STAND_IN_PORT/p/}"
  export WOMPI_PUBLIC_KEY="${WOMPI_PUBLIC_KEY:-pub_test_dev_public_key}"
  export WOMPI_PRIVATE_KEY="${WOMPI_PRIVATE_KEY:-prv_test_dev_private_key}"
  export WOMPI_EVENTS_SECRET="${WOMPI_EVENTS_SECRET:-dev-wompi-events-secret}"
  export WOMPI_INTEGRITY_SECRET="${WOMPI_INTEGRITY_SECRET:-dev-wompi-integrity-secret}"
fi

# Push notifications go to the local Expo push stand-in unless EXPO_PUSH_URL
# points elsewhere (Expo's own service: https://exp.host/--/api/v2/push).
EXPO_STAND_IN_PORT="${EXPO_PUSH_STAND_IN_PORT:-3098}"
run_expo_stand_in=false
if [ -z "${EXPO_PUSH_URL:-}" ]; then
  run_expo_stand_in=true
  export EXPO_PUSH_URL="http://127.0.0.1:$EXPO_STAND_IN_PORT/--/api/v2/push"
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

if [ "$run_stand_in" = true ]; then
  (WOMPI_STAND_IN_PORT="$STAND_IN_PORT" \
    WOMPI_EVENTS_URL="http://127.0.0.1:$MANAGEMENT_PORT/api/payments/webhooks/wompi" \
    exec "$NODE" packages/wompi-stand-in/dist/main.js) &
  pids+=($!)
fi
if [ "$run_expo_stand_in" = true ]; then
  (EXPO_PUSH_STAND_IN_PORT="$EXPO_STAND_IN_PORT" exec "$NODE" packages/expo-push-stand-in/dist/main.js) &
  pids+=($!)
fi
(cd apps/auth-service && exec "$NODE" --enable-source-maps dist/main.js) &
pids+=($!)
(cd apps/management-api && exec "$NODE" --enable-source-maps dist/main.js) &
pids+=($!)

echo "[start] Auth Service   http://127.0.0.1:${AUTH_PORT:-3001}  (Swagger UI at /api-docs)" >&2
echo "[start] Management API http://127.0.0.1:${MANAGEMENT_PORT:-3000}/graphql" >&2
echo "[start] Mail catcher   http://127.0.0.1:$MAIL_WEB_PORT" >&2
if [ "$run_stand_in" = true ]; then
  echo "[start] Wompi stand-in http://127.0.0.1:$STAND_IN_PORT (checkout at /p/)" >&2
fi
if [ "$run_expo_stand_in" = true ]; then
  echo "[start] Expo push stand-in http://127.0.0.1:$EXPO_STAND_IN_PORT (messages at /__stand-in/messages)" >&2
fi
# Stop everything when either service exits.
wait -n
