#!/usr/bin/env bash
# Stage 40: the ABI of the shared library.  libplanparse.so exports only
# pp_* symbols, each versioned (lib/planparse.map), and its ABI equals the
# committed baseline abi/planparse.abi (scripts/abi-baseline --check).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export SHARED_DIR=${SHARED_DIR:-${BUILD_DIR:-$ROOT/build}-shared}

"$ROOT/scripts/abi-baseline" --check

so=$SHARED_DIR/lib/libplanparse.so
syms=$(nm -D --defined-only "$so" | awk '$2 != "A" { print $3 }')
bad=$(printf '%s\n' "$syms" | grep -v '^pp_[a-z0-9_]*@@PLANPARSE_' || true)
if [ -n "$bad" ]; then
	printf 'unexpected exported symbols:\n%s\n' "$bad"
	echo "ABI symbols: FAILED"
	exit 1
fi
echo "ABI symbols: passed ($(printf '%s\n' "$syms" | wc -l) exported, all pp_*@@PLANPARSE_*)"
