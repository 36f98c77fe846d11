#!/usr/bin/env bash
# Generates Prisma Client offline. The Prisma CLI insists on locating a native
# schema engine at start-up even though `generate` never uses it (the query
# compiler is WASM inside @prisma/client), so any executable satisfies it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../apps/management-api"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(type -P true)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING=1
exec npx --no-install prisma generate
