#!/usr/bin/env bash
# Builds fake-gcs-server (a real GCS JSON/XML API server, used by the Python tests on loopback)
# from its Go module into a cache outside the repo, and prints the binary's path on stdout.
# Skips the build when the pinned version is already cached.
#
#   scripts/fake-gcs.sh           build if needed; print the path
#
# Environment: FAKE_GCS_VERSION (default below), XDG_CACHE_HOME.
# The tests start it themselves:
#   fake-gcs-server -backend memory -scheme http -host 127.0.0.1 -port N
set -euo pipefail

VERSION="${FAKE_GCS_VERSION:-v1.56.1}"
MODULE="github.com/fsouza/fake-gcs-server"
BIN_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/vertex-mlops-cdktf/bin"
BIN="$BIN_DIR/fake-gcs-server-$VERSION"

log() { printf '[fake-gcs] %s\n' "$*" >&2; }

if [ -x "$BIN" ]; then
  log "cached: $BIN"
  echo "$BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "go is not on PATH: fake-gcs-server builds from its Go module ($MODULE@$VERSION); install Go >= 1.24"
  exit 1
fi

mkdir -p "$BIN_DIR"
TMP_BIN="$(mktemp -d)"
trap 'rm -rf "$TMP_BIN"' EXIT
START=$SECONDS
log "building $MODULE@$VERSION with $(go version | cut -d' ' -f3) (cold: about 3 minutes on 2 cores)"
# go install builds the module at exactly that version with its own go.sum. If a future release
# adds a replace directive (go install refuses those), build through a wrapper module instead.
if ! GOBIN="$TMP_BIN" GOFLAGS="${GOFLAGS:-} -trimpath" go install "$MODULE@$VERSION" >&2; then
  log "go install failed; trying a wrapper module"
  WRAP="$(mktemp -d)"
  trap 'rm -rf "$TMP_BIN" "$WRAP"' EXIT
  (
    cd "$WRAP"
    go mod init fakegcswrapper >/dev/null 2>&1
    go get "$MODULE@$VERSION" >&2
    printf 'package main\n\nimport _ "%s/fakestorage"\n\nfunc main() {}\n' "$MODULE" >tools.go
    go build -trimpath -o "$TMP_BIN/fake-gcs-server" "$MODULE" >&2
  )
fi
mv "$TMP_BIN/fake-gcs-server" "$BIN"
log "built $BIN in $((SECONDS - START)) s"
echo "$BIN"
