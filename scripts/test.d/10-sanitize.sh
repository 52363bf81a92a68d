#!/usr/bin/env bash
# scripts/test.d/10-sanitize.sh: the whole project built with AddressSanitizer
# (LeakSanitizer included) and UndefinedBehaviorSanitizer, every error fatal
# (-fno-sanitize-recover=all), in its own build directory; then all of ctest.
# Nothing is excluded.  clang when present, else gcc.
#
# Environment: ROOT, JOBS, SAN_BUILD_DIR (default ${BUILD_DIR}-san).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
JOBS=${JOBS:-2}
SAN_BUILD_DIR=${SAN_BUILD_DIR:-${BUILD_DIR:-$ROOT/build}-san}
CC=${SAN_CC:-$(command -v clang || command -v gcc)}
FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

echo "10-sanitize: $CC $FLAGS in $SAN_BUILD_DIR"
CC=$CC cmake -S "$ROOT" -B "$SAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPP_WERROR=ON \
	-DBUILD_TESTING=ON -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_CXX_FLAGS="$FLAGS" \
	-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
	-DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$SAN_BUILD_DIR" --parallel "$JOBS" >/dev/null
# detect_leaks: LSan on every test; abort_on_error: a report fails the test.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$SAN_BUILD_DIR"
ctest --output-on-failure --parallel "$JOBS"
