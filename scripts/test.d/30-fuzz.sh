#!/usr/bin/env bash
# scripts/test.d/30-fuzz.sh: builds the libFuzzer targets of fuzz/ with clang
# in their own build directory and runs each for a bounded time on a scratch
# copy of fuzz/corpus (nothing is written into the repository).  Skips, with
# a message, when clang or libFuzzer is missing.
#
# Environment: ROOT (the source tree), FUZZ_SECONDS (per target, default 60),
# FUZZ_BUILD_DIR (default ${BUILD_DIR}-fuzz), JOBS.  A crash leaves its input
# in the scratch folder, printed below: copy it to fuzz/crashes/ with the fix.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-${BUILD_DIR:-$ROOT/build}-fuzz}
JOBS=${JOBS:-2}
CLANG=${CLANG:-$(command -v clang || command -v clang-14 || true)}

if [ -z "$CLANG" ]; then
	echo "30-fuzz: skipped: clang not found (Debian: apt-get install clang libclang-rt-14-dev)"
	exit 0
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>/dev/null; then
	echo "30-fuzz: skipped: $CLANG cannot link -fsanitize=fuzzer (Debian: apt-get install libclang-rt-14-dev)"
	exit 0
fi

echo "30-fuzz: building in $FUZZ_BUILD_DIR"
CC=$CLANG cmake -S "$ROOT" -B "$FUZZ_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DPP_FUZZ=ON -DBUILD_TESTING=OFF -DPP_BUILD_CLI=OFF \
	-DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	>/dev/null
targets=$(sed -n 's/^set(PP_FUZZ_TARGETS \(.*\))/\1/p' "$ROOT/fuzz/CMakeLists.txt")
for t in $targets; do
	cmake --build "$FUZZ_BUILD_DIR" --parallel "$JOBS" --target "fuzz_$t" >/dev/null
done

status=0
for t in $targets; do
	work=$(mktemp -d "${TMPDIR:-/tmp}/pp-fuzz-$t.XXXXXX")
	cp -R "$ROOT/fuzz/corpus" "$work/corpus"
	[ -d "$ROOT/fuzz/crashes" ] && cp "$ROOT/fuzz/crashes/"* "$work/corpus/" 2>/dev/null || true
	echo "30-fuzz: fuzz_$t for ${FUZZ_SECONDS}s (scratch: $work)"
	# -rss_limit_mb: the largest inputs are tiny; a leak or blow-up shows.
	# -jobs=1: one fuzzing process (the machine is shared), its output in
	# fuzz-0.log; a crash input is written as crash-* in the scratch folder.
	if (cd "$work" && "$FUZZ_BUILD_DIR/fuzz/fuzz_$t" -max_total_time="$FUZZ_SECONDS" \
		-dict="$ROOT/fuzz/plan.dict" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
		-jobs=1 -workers=1 -print_final_stats=1 corpus >"$work/log" 2>&1); then
		grep -hE '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$work"/fuzz-*.log | sed 's/^/    /'
		rm -rf "$work"
	else
		status=1
		echo "30-fuzz: fuzz_$t FOUND A PROBLEM; its log and input stay in $work:"
		cat "$work"/log "$work"/fuzz-*.log 2>/dev/null | grep -E 'ERROR|SUMMARY|check failed|Test unit written|rror' | head -20 | sed 's/^/    /'
	fi
done
exit $status
