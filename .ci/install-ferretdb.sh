#!/usr/bin/env bash
# Builds FerretDB v1 (a MongoDB wire-protocol server over SQLite) for the test suite, when missing.
#
# Plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` does not work here:
# - the module proxy refuses the version list that go install reads for its deprecation check;
# - the published module lacks build/version/version.txt, which that build embeds, so the binary
#   panics at start (it expects `bin/task gen-version` to have written it).
# So: fetch exactly that module version through the proxy, copy its source, write version.txt, build.
set -euo pipefail
VERSION=v1.24.2
BIN_DIR="${GOBIN:-$(go env GOPATH)/bin}"
if [ -x "$BIN_DIR/ferretdb" ] && "$BIN_DIR/ferretdb" --version 2>/dev/null | grep -q "version: ${VERSION}"; then
  echo "ferretdb ${VERSION}: already installed in $BIN_DIR"
  exit 0
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
go mod init ferretdb-fetch >/dev/null 2>&1
GOFLAGS=-mod=mod go get "github.com/FerretDB/FerretDB@${VERSION}"
src=$(go list -m -f '{{.Dir}}' "github.com/FerretDB/FerretDB")
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "${VERSION}" > "$work/src/build/version/version.txt"
mkdir -p "$BIN_DIR"
(cd "$work/src" && go build -o "$BIN_DIR/ferretdb" ./cmd/ferretdb)
"$BIN_DIR/ferretdb" --version | head -1
echo "ferretdb: built into $BIN_DIR/ferretdb"
