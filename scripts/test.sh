#!/usr/bin/env bash
# Runs every check against the real local stack, starting what it needs:
# lint, typecheck, unit, integration and end-to-end tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/prepare.sh
hash -r

step() { printf '\n[test] %s\n' "$*" >&2; }

step "build"
npm run build --silent
step "lint"
npm run lint --silent
step "typecheck"
npm run typecheck --silent
step "unit, integration and end-to-end tests"
mkdir -p .data
results=.data/test-results.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
status=$?
set -e
if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  ' "$results"
fi
exit "$status"
