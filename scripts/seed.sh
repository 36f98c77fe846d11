#!/usr/bin/env bash
# `npm run seed -- --orgs 1000 --users 1000000 [--largest-org N] [--seed S] [--database-url URL]`
# Writes deterministic demo data into the Management API's PostgreSQL database
# (migrating it first). Builds the Management API when its build is missing or
# older than the seed's sources.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP=apps/management-api
CLI="$APP/dist/seed/seed.cli.js"
if [ ! -f "$CLI" ] || [ -n "$(find "$APP/src" "$APP/prisma/migrations" -newer "$CLI" -print -quit)" ]; then
  if ! { npm run build --silent --workspace @trivance/shared &&
    npm run build --silent --workspace @trivance/management-api; }; then
    [ -f "$CLI" ] || exit 1
    echo "seed: the build failed; running the previous build of the seed" >&2
  fi
fi
exec node "$CLI" "$@"
