#!/usr/bin/env bash
# scripts/test.d/15-nosimd.sh: the library built with -DPP_NO_SIMD, so the
# portable loops that other targets take replace the SSE2 scans
# (lib/internal.h, "16 bytes at a time"); then the tests that compare
# output: every fixture through the library and the CLI (hand-checked JSON),
# the corpus against cmark-gfm, and the unit tests.  Both builds must give
# the same bytes.
#
# Environment: ROOT, JOBS, NOSIMD_BUILD_DIR (default ${BUILD_DIR}-nosimd).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
JOBS=${JOBS:-2}
NOSIMD_BUILD_DIR=${NOSIMD_BUILD_DIR:-${BUILD_DIR:-$ROOT/build}-nosimd}

echo "15-nosimd: -DPP_NO_SIMD in $NOSIMD_BUILD_DIR"
cmake -S "$ROOT" -B "$NOSIMD_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DPP_WERROR=ON \
	-DBUILD_TESTING=ON -DCMAKE_C_FLAGS="-DPP_NO_SIMD" >/dev/null
cmake --build "$NOSIMD_BUILD_DIR" --parallel "$JOBS" >/dev/null
cd "$NOSIMD_BUILD_DIR"
ctest --output-on-failure --parallel "$JOBS" -R '^(fixture\.|unit\.|cli\.|corpus$)'
