#!/usr/bin/env bash
# bench/bindings.sh: the cost of the Python and Go bindings next to C.
# Generates a ~1 MB plan (phases of checkbox tasks with IDs, tags,
# estimates, owners and attributes), then times parse + a walk that reads
# every field of every task: in C (bindings/bench_c.c, accessors on the
# C document), in Python and in Go (which copy the whole document into
# their own objects inside parse).  Prints the three figures side by side.
# Not a test: nothing fails on time.
#
#   bench/bindings.sh [RUNS]      (default 10; BUILD_DIR as for scripts/dev)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
export SHARED_DIR=${SHARED_DIR:-$BUILD_DIR-shared}
RUNS=${1:-10}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

"$ROOT/scripts/shared-build"
prefix=$SHARED_DIR/prefix
plan=$SHARED_DIR/bench-plan.md
$PY - "$plan" <<'PYEOF'
import sys
out, n, task = [], 0, 0
out.append("# Generated Plan\n\n**Status:** In Progress\n\n")
while sum(map(len, out)) < 1_000_000:
    n += 1
    out.append(f"## Phase {n}: Work package {n} (2-3 days)\n\n**Status:** In Progress\n\n")
    for k in range(20):
        task += 1
        mark = "x" if task % 3 == 0 else " "
        dep = f", depends on T{task - 1:04d}" if task % 4 == 0 else ""
        out.append(f"- [{mark}] T{task:04d} [P] [US{k % 5}] Implement part {k} of package "
                   f"{n} @dev{k % 7} ({k % 8 + 1}h){dep}\n")
        if k % 5 == 0:
            out.append(f"  - Acceptance: part {k} works end to end\n")
    out.append("\n")
open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
PYEOF

# shellcheck disable=SC2046 # pkg-config flags are words
cc -O2 -std=c11 -o "$SHARED_DIR/bench_c" "$ROOT/bindings/bench_c.c" \
	$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs planparse) \
	-Wl,-rpath,"$prefix/lib"
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE=$BUILD_DIR-go/cache GOPATH=$BUILD_DIR-go/path
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig CGO_LDFLAGS="-Wl,-rpath,$prefix/lib"
(cd "$ROOT/bindings/go" && go build -o "$SHARED_DIR/bench_go" ./bench)

echo "parse + walk of every task: $(wc -c <"$plan") bytes, best of $RUNS runs"
c=$("$SHARED_DIR/bench_c" "$plan" "$RUNS")
py=$(PLANPARSE_LIBRARY=$prefix/lib/libplanparse.so $PY "$ROOT/bindings/python/bench/bench.py" "$plan" "$RUNS")
go=$("$SHARED_DIR/bench_go" "$plan" "$RUNS")
printf '%s\n%s\n%s\n' "$c" "$py" "$go"
best() { sed -n 's/^[a-z]*: best \([0-9.]*\) ms.*/\1/p' <<<"$1"; }
awk -v c="$(best "$c")" -v py="$(best "$py")" -v go="$(best "$go")" 'BEGIN {
	printf "%-8s %10s %10s\n", "", "best ms", "x C"
	printf "%-8s %10.1f %10.1f\n", "C", c, 1
	printf "%-8s %10.1f %10.1f\n", "Python", py, py / c
	printf "%-8s %10.1f %10.1f\n", "Go", go, go / c
}'
