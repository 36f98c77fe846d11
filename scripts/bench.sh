#!/usr/bin/env bash
# Benchmarks against the real local stack; prints figures, asserts nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/prepare.sh
hash -r
npm run build --silent
# Apply migrations to the main database before measuring.
npm run migrate --silent -w @trivance/management-api
exec node bench/run.mjs "$@"
