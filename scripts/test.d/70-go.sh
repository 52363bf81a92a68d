#!/usr/bin/env bash
# Stage 70: the Go binding (bindings/go): go vet and go test, offline, with
# cgo finding the freshly installed shared library through pkg-config.
# Each fixture and corpus file must give the JSON of `planparse json`.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export SHARED_DIR=${SHARED_DIR:-$BUILD_DIR-shared}
if ! command -v go >/dev/null 2>&1; then
	echo "go: FAILED: no go command (Debian/Ubuntu: apt-get install golang-go)"
	exit 1
fi

"$ROOT/scripts/shared-build"
export PKG_CONFIG_PATH=$SHARED_DIR/prefix/lib/pkgconfig
export LD_LIBRARY_PATH=$SHARED_DIR/prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export PLANPARSE_CLI=$SHARED_DIR/cli/planparse
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=1
export GOCACHE=$BUILD_DIR-go/cache GOPATH=$BUILD_DIR-go/path
cd "$ROOT/bindings/go"
go version
go vet ./...
echo "go vet: passed"
go test -count=1  # local directory mode: prints the summary line
