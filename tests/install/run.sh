#!/usr/bin/env bash
# tests/install/run.sh: install libplanparse, shared and static, and build
# consumer.c against each installed tree twice: with pkg-config and with
# CMake's find_package(planparse).  Prints one line per case and a summary.
#
#   ROOT        the project (default: two levels up)
#   BUILD_DIR   the main build directory; this uses BUILD_DIR-shared
#               (scripts/shared-build) and BUILD_DIR-static
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
JOBS=${JOBS:-2}
export SHARED_DIR=${SHARED_DIR:-$BUILD_DIR-shared}
STATIC_DIR=$BUILD_DIR-static
WORK=$BUILD_DIR-install-test
CC=${CC:-cc}
rm -rf "$WORK"
mkdir -p "$WORK"

"$ROOT/scripts/shared-build"
cmake -S "$ROOT" -B "$STATIC_DIR" -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF \
	-DPP_BUILD_CLI=OFF -DPP_WERROR=ON -DCMAKE_INSTALL_PREFIX="$STATIC_DIR/prefix" >/dev/null
cmake --build "$STATIC_DIR" --parallel "$JOBS" --target planparse >/dev/null
cmake --install "$STATIC_DIR" >/dev/null

passed=0 failed=0
check() { # NAME LINKAGE(shared|static) EXE
	local out needed
	out=$("$3" 2>&1) || true
	needed=$(readelf -d "$3" 2>/dev/null | grep -c 'NEEDED.*libplanparse' || true)
	if [ "$out" != "planparse 0.1.0: 2 tasks, 1 done" ] ||
		{ [ "$2" = static ] && [ "$needed" != 0 ]; } ||
		{ [ "$2" = shared ] && [ "$needed" = 0 ]; }; then
		echo "FAIL $1: output '$out', libplanparse NEEDED $needed time(s)"
		failed=$((failed + 1))
	else
		echo "ok   $1: $out"
		passed=$((passed + 1))
	fi
}

for kind in shared static; do
	if [ $kind = shared ]; then prefix=$SHARED_DIR/prefix; else prefix=$STATIC_DIR/prefix; fi
	# pkg-config: Requires.private brings md4c, utf8proc and yaml for --static
	flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs \
		$([ $kind = static ] && echo --static) planparse)
	# shellcheck disable=SC2086 # flags are words
	if $CC -std=c11 -Wall -Werror -o "$WORK/pc-$kind" "$ROOT/tests/install/consumer.c" \
		$flags -Wl,-rpath,"$prefix/lib" 2>"$WORK/pc-$kind.log"; then
		check "pkg-config $kind" $kind "$WORK/pc-$kind"
	else
		cat "$WORK/pc-$kind.log"; echo "FAIL pkg-config $kind: build"; failed=$((failed + 1))
	fi
	# find_package(planparse) -> planparse::planparse
	if cmake -S "$ROOT/tests/install" -B "$WORK/cm-$kind" -DCMAKE_PREFIX_PATH="$prefix" \
		>"$WORK/cm-$kind.log" 2>&1 && cmake --build "$WORK/cm-$kind" >>"$WORK/cm-$kind.log" 2>&1; then
		check "find_package $kind" $kind "$WORK/cm-$kind/consumer"
	else
		cat "$WORK/cm-$kind.log"; echo "FAIL find_package $kind: build"; failed=$((failed + 1))
	fi
done
echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
