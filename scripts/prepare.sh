#!/usr/bin/env bash
# What every entry point needs first: dependencies installed (Node.js 24
# included) and the local stack running. Idempotent and quick when all is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash scripts/stack/up.sh
