#!/usr/bin/env bash
# scripts/test.d/20-tsan.sh: the library and tests/unit/test_threads.c built
# with ThreadSanitizer in their own build directory, then the thread test
# (4 threads parsing and serialising the fixtures and ../shared/corpus at
# once, and reading one shared document at once).
#
# Environment: ROOT, JOBS, TSAN_BUILD_DIR (default ${BUILD_DIR}-tsan).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
JOBS=${JOBS:-2}
TSAN_BUILD_DIR=${TSAN_BUILD_DIR:-${BUILD_DIR:-$ROOT/build}-tsan}
CC=${TSAN_CC:-$(command -v clang || command -v gcc)}

echo "20-tsan: $CC -fsanitize=thread in $TSAN_BUILD_DIR"
CC=$CC cmake -S "$ROOT" -B "$TSAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPP_WERROR=ON \
	-DBUILD_TESTING=ON -DPP_BUILD_CLI=OFF -DCMAKE_C_FLAGS="-fsanitize=thread" \
	-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$TSAN_BUILD_DIR" --parallel "$JOBS" --target test_threads >/dev/null
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
cd "$TSAN_BUILD_DIR"
ctest --output-on-failure -R '^unit\.threads$'

# No global mutable state: no object of the static library (the main
# build's) defines anything in .data or .bss; tables of pointers sit in
# .data.rel.ro, read-only once relocated.
lib=${BUILD_DIR:-$ROOT/build}/lib/libplanparse.a
if [ -f "$lib" ] && command -v objdump >/dev/null 2>&1; then
	writable=$(objdump -t "$lib" | awk '/ \.(data|bss)[ \t]/ && $NF != ".data" && $NF != ".bss"' || true)
	if [ -n "$writable" ]; then
		echo "20-tsan: global mutable state in $lib:"
		printf '%s\n' "$writable" | sed 's/^/    /'
		exit 1
	fi
	echo "20-tsan: no writable globals in $(basename "$lib")"
fi
