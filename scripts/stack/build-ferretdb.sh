#!/usr/bin/env bash
# Builds FerretDB (MongoDB wire protocol over SQLite) from the Go module proxy,
# once per machine, into the user cache. The module download lacks
# build/version/version.txt, without which the binary panics at start-up, so we
# copy the module to a writable folder and write the version file first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -x "$FERRETDB_BIN" ] && exit 0
command -v go >/dev/null || die "Go is required to build FerretDB $FERRETDB_VERSION (install golang-go >= 1.23)"

log "building FerretDB $FERRETDB_VERSION (once per machine)"
module_dir="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$module_dir" ] || die "could not download github.com/FerretDB/FerretDB@$FERRETDB_VERSION"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$module_dir/." "$work/"
chmod -R u+w "$work"
echo "$FERRETDB_VERSION" > "$work/build/version/version.txt"
mkdir -p "$FERRETDB_CACHE"
(cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
log "FerretDB built at $FERRETDB_BIN"
